# Issue 10 case 9: quoted FROM arguments are unquoted.
ARG TAG="3.19"
ARG QUOTED='evil.example.com/single'
FROM "alpine:3.19"
FROM 'alpine:3.18'
FROM al"pine":3.17
FROM "alpine:${TAG}"
FROM '${TAG}'
FROM $QUOTED
FROM alpine\:3.16
