# a comment first: what follows is no directive
# syntax=evil.example.com/frontend:1
FROM alpine:3.19
