#!/bin/sh
# Builds the Go text/template + Sprig oracle used by Baton's differential tests and benchmark.
# Needs Debian's golang-go, golang-github-masterminds-sprig-dev and golang-gopkg-yaml.v3-dev
# (GOPATH mode: the Go module proxy is not used). Prints the binary's path.
set -eu
here=$(cd "$(dirname "$0")" && pwd)
out="${GOTEMPLATE_ORACLE_BIN:-$here/oracle}"
if [ -x "$out" ] && [ "$out" -nt "$here/main.go" ]; then echo "$out"; exit 0; fi
cache="${XDG_CACHE_HOME:-${HOME:-/tmp}/.cache}/baton-go-build"
mkdir -p "$cache"
cd "$here"
GO111MODULE=off GOPATH=/usr/share/gocode GOCACHE="$cache" GOFLAGS= go build -o "$out" main.go
echo "$out"
