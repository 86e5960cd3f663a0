# Issue 10 case 10: FROM lines that only build arguments decide.
ARG BASE
ARG TAG=1.0
ARG REGISTRY=ghcr.io
ARG IMAGE=${REGISTRY}/acme/app
ARG SUFFIX
FROM $BASE AS base
FROM ${IMAGE}:${TAG} AS image
FROM alpine${SUFFIX}:3 AS suffix
FROM ${BASE:-alpine}:3 AS fallback
