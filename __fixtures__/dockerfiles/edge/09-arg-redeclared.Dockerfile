# Issue 10 case 9: an ARG declared again without a default keeps its value.
ARG BASE=alpine:3.19
ARG BASE
FROM $BASE
ARG TAG
ARG TAG
FROM alpine:3${TAG}
