# syntax=docker/dockerfile:1
# check=skip=all
# escape=`
FROM `
  alpine:3.20
