# Issue 10 case 7: an ARG default built from another ARG's default.
ARG REGISTRY=evil.example.com
ARG BASE=${REGISTRY}/team/app:1
FROM ${BASE} AS app
ARG INNER=ignored
FROM $BASE
