FROM alpine${UNDECLARED}:3.19
ARG LATER=evil.example.com/later
FROM ${LATER:-alpine}:3.19
