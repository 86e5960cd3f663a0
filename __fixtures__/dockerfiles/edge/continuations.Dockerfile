FROM \
# a comment inside the continuation
  alpine:3.19 \

  AS first
FROM ghcr.io/acme/\
app:1
FROM \\
RUN true
FROM --platform=linux/arm64 \
	 ghcr.io/acme/tabbed:1
