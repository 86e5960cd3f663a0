# syntax=docker/dockerfile:1
FROM alpine:3.19 AS base
RUN <<EOF
FROM evil.example.com/in-a-heredoc:1
EOF
COPY <<-EOT /etc/note
	FROM evil.example.com/in-a-chomped-heredoc:1
	EOT
RUN <<"QUOTED" cat > /x && <<-'TWO' cat > /y
FROM evil.example.com/quoted:1
QUOTED
	FROM evil.example.com/second:1
	TWO
RUN ["sh", "-c", "echo <<NOTAHEREDOC"]
FROM ghcr.io/acme/after-heredocs:1
ONBUILD RUN <<END
FROM evil.example.com/onbuild:1
END
FROM ghcr.io/acme/after-onbuild:1
