# Issue 10 case 8: BuildKit's automatic platform ARGs, and per-platform stage selection.
FROM evil.example.com/app-${TARGETARCH}:1 AS arch
FROM --platform=$BUILDPLATFORM golang:1.22-${BUILDOS} AS build
FROM scratch AS binaries-linux
FROM scratch AS binaries-windows
FROM binaries-$TARGETOS AS binaries
FROM alpine:3.19${TARGETVARIANT:+-$TARGETVARIANT} AS variant
FROM ghcr.io/acme/${TARGETPLATFORM}:1 AS platform
FROM ghcr.io/acme/tool:${BUILDARCH}${BUILDVARIANT} AS buildvariant
FROM ghcr.io/acme/${TARGETSTAGE}:1 AS last
