#!/bin/sh
echo "app $(cat VERSION)"
