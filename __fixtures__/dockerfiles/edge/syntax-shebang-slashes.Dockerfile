#!/usr/bin/env buildctl
// syntax = docker/dockerfile:1.7
FROM alpine:3.19
