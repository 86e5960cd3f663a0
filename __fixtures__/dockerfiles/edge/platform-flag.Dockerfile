ARG PLAT=linux/arm64
FROM --platform=$PLAT alpine:3.19 AS from-arg
FROM --platform=linux alpine:3.19 AS os-only
FROM --platform=arm64 alpine:3.19 AS arch-only
FROM --platform=windows(10.0.17763)/amd64 mcr.microsoft.com/windows/nanoserver:1809 AS os-version
FROM --platform=linux/amd64/v2/extra alpine:3.19 AS too-many
FROM --platform=$NOTSET alpine:3.19 AS empty
FROM --platform=linux/* alpine:3.19 AS wildcard
