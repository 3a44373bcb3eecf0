#!/usr/bin/env bash
# Writes a deterministic web access log (combined format) of N lines to stdout.
# Usage: scripts/make-demo-log.sh [LINES]   (default 200000)
set -euo pipefail
awk -v lines="${1:-200000}" 'BEGIN {
  split("GET GET GET GET GET GET POST POST HEAD PUT", methods, " ")
  split("/ /index.html /api/v1/users /api/v1/orders /static/app.js /static/site.css /login /search /health /favicon.ico", paths, " ")
  split("200 200 200 200 200 200 200 304 304 301 404 404 500 502 503", codes, " ")
  split("Mozilla/5.0 curl/8.5.0 Googlebot/2.1 python-requests/2.31", agents, " ")
  seed = 12345
  for (i = 0; i < lines; i++) {
    seed = (seed * 69069 + 1) % 4294967296; r = int(seed / 256)  # exact in doubles
    ip = sprintf("10.%d.%d.%d", r % 7, int(r / 7) % 250, int(r / 1750) % 250)
    second = i % 60; minute = int(i / 60) % 60; hour = int(i / 3600) % 24
    printf "%s - - [29/Nov/2026:%02d:%02d:%02d +0000] \"%s %s HTTP/1.1\" %s %d \"-\" \"%s\"\n", \
      ip, hour, minute, second, methods[1 + r % 10], paths[1 + int(r / 10) % 10], \
      codes[1 + int(r / 100) % 15], 200 + r % 50000, agents[1 + int(r / 1500) % 4]
  }
}'
