#!/usr/bin/env bash
# Writes the logs the README's worked examples run on, deterministically, into DIR:
#   access.log.3.xz access.log.2.gz access.log.1 access.log   a rotated web access log set,
#       one file per day (26 to 29 November 2026, UTC), with a burst of 500s on the 28th at 14:00
#   app.jsonl.gz   JSON lines of an application (epoch seconds in .ts) on the 29th
#   java.log       a Java application log with multi-line stack traces on the 29th
# Usage: scripts/make-example-logs.sh DIR [LINES_PER_DAY]   (default 20000)
# (Random numbers are the high 16 bits of a 32-bit LCG: its low bits repeat.)
set -euo pipefail
dir="${1:?usage: make-example-logs.sh DIR [LINES_PER_DAY]}"
lines="${2:-20000}"
mkdir -p "$dir"

# One day of access log: DAY (of November 2026), LINES, SEED.
access_day() {
  awk -v day="$1" -v lines="$2" -v seed="$3" 'BEGIN {
    split("GET GET GET GET GET GET POST POST HEAD PUT", methods, " ")
    split("/ /index.html /api/v1/users /api/v1/orders /static/app.js /static/site.css /login /search /health /favicon.ico", paths, " ")
    split("200 200 200 200 200 200 200 200 200 304 304 301 404 404 503", codes, " ")
    split("Mozilla/5.0 curl/8.5.0 Googlebot/2.1 python-requests/2.31", agents, " ")
    for (i = 0; i < lines; i++) {
      seed = (seed * 69069 + 1) % 4294967296; r = int(seed / 65536)
      t = int(i * 86400 / lines)
      hour = int(t / 3600); minute = int(t / 60) % 60; second = t % 60
      ip = sprintf("10.%d.%d.%d", r % 7, int(r / 7) % 250, int(r / 1750) % 250)
      code = codes[1 + int(r / 100) % 15]
      path = paths[1 + int(r / 10) % 10]
      # The incident: /api/v1/orders fails from 14:00 to 14:20 on the 28th.
      if (day == 28 && hour == 14 && minute < 20 && r % 3 != 0) { code = 500; path = "/api/v1/orders" }
      printf "%s - - [%02d/Nov/2026:%02d:%02d:%02d +0000] \"%s %s HTTP/1.1\" %s %d \"-\" \"%s\"\n", \
        ip, day, hour, minute, second, methods[1 + r % 10], path, code, 200 + r % 50000, \
        agents[1 + int(r / 1500) % 4]
    }
  }'
}
access_day 26 "$lines" 11 | xz -6 > "$dir/access.log.3.xz"
access_day 27 "$lines" 12 | gzip -6 -n > "$dir/access.log.2.gz"
access_day 28 "$lines" 13 > "$dir/access.log.1"
access_day 29 "$lines" 14 > "$dir/access.log"

# JSON lines: 2026-11-29T00:00:00Z is 1795910400.
awk -v lines="$lines" 'BEGIN {
  split("info info info info info info warn warn error debug", levels, " ")
  split("login checkout search view view view logout", actions, " ")
  seed = 7
  for (i = 0; i < lines; i++) {
    seed = (seed * 69069 + 1) % 4294967296; r = int(seed / 65536)
    ts = 1795910400 + int(i * 86400 / lines)
    level = levels[1 + r % 10]
    status = level == "error" ? 500 : (level == "warn" ? 429 : 200)
    printf "{\"ts\":%d,\"level\":\"%s\",\"user\":{\"id\":\"u%d\",\"plan\":\"%s\"},\"action\":\"%s\",\"status\":%d,\"ms\":%d.%d}\n", \
      ts, level, r % 40, (r % 4 == 0 ? "pro" : "free"), actions[1 + int(r / 10) % 7], status, r % 900, r % 10
  }
}' | gzip -6 -n > "$dir/app.jsonl.gz"

# A Java log: an ERROR now and then, followed by its stack trace.
awk -v lines="$((lines / 4))" 'BEGIN {
  split("IllegalStateException NullPointerException IllegalStateException TimeoutException IOException", kinds, " ")
  split("java.lang java.lang java.lang java.util.concurrent java.io", packages, " ")
  seed = 99
  for (i = 0; i < lines; i++) {
    seed = (seed * 69069 + 1) % 4294967296; r = int(seed / 65536)
    t = int(i * 86400 / lines)
    stamp = sprintf("2026-11-29 %02d:%02d:%02d,%03d", int(t / 3600), int(t / 60) % 60, t % 60, r % 1000)
    if (r % 25 == 0) {
      k = 1 + int(r / 25) % 5
      printf "%s ERROR [worker-%d] com.example.OrderService - order %d failed\n", stamp, r % 8, r % 100000
      printf "%s.%s: %s\n", packages[k], kinds[k], (k == 4 ? "no reply in 30s" : "bad state")
      printf "\tat com.example.OrderService.place(OrderService.java:%d)\n", 40 + r % 60
      printf "\tat com.example.Api.handle(Api.java:%d)\n", 100 + r % 50
    } else {
      printf "%s INFO  [worker-%d] com.example.Api - request %d served in %d ms\n", stamp, r % 8, r % 100000, r % 300
    }
  }
}' > "$dir/java.log"
