ARG IMAGE=ghcr.io/acme/app:1.2.3
ARG PLATFORM=linux/amd64
ARG DELVE=${PLATFORM#linux/amd64}
ARG DELVE=${DELVE:+"unsupported"}
ARG DELVE=${DELVE:-"supported"}
FROM ${IMAGE%:*}:latest AS strip-tag
FROM ${IMAGE%%/*}/other:1 AS registry-only
FROM docker.io/${IMAGE#*/} AS strip-registry
FROM ${IMAGE/acme/evil} AS replaced
FROM ${IMAGE//[0-9]/x} AS replace-all
FROM ${IMAGE##*:} AS longest-prefix
FROM alpine-${DELVE} AS delve
FROM ${MISSING:?must-be-set} AS required
FROM ${IMAGE:?} AS required-set
FROM $1alpine AS positional
FROM ${IMAGE
FROM ${}
FROM ${IMAGE:0:3} AS substring
FROM $$alpine AS pid
