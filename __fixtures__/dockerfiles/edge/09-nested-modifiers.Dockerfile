# Issue 10 case 9: ${VAR:+word} and ${VAR:-word} expand the variables inside word.
ARG OTHER=evil.example.com/acme
ARG SET=1
ARG EMPTY=
FROM ${SET:+$OTHER}/app:1
FROM ${UNDECLARED:-$OTHER}/tool:2
FROM ${EMPTY:-${OTHER}}/three:3
FROM ${EMPTY-$OTHER}alpine:3
FROM ${SET+${OTHER:-x}/four}:4
FROM ${UNDECLARED:-${ALSO_UNDECLARED:-ghcr.io/acme/nested}}:5
