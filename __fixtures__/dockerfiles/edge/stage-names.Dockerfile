FROM alpine:3.19 AS Build
FROM build AS lower
FROM BUILD AS upper
FROM alpine:3.19 AS scratch
FROM scratch
FROM later
FROM alpine:3.19 AS later
FROM SCRATCH
