#!/bin/sh
exec busybox httpd -f -p 8080 -h /srv/api/www
