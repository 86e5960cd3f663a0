FROM alpine:3.19 AS one AS two
