FROM dougrabson/freebsd-minimal:13

RUN echo "Hello, buildkit!"
