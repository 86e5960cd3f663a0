FROM alpine:3.19
# escape=`
RUN echo \
FROM ghcr.io/acme/inside-run:1
FROM busybox:1.36
