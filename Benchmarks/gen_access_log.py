#!/usr/bin/env python3
"""Deterministic generator of a synthetic web access log (Apache/nginx
"combined" format), used as benchmark input for sluice.

    gen_access_log.py --size-mb 256 -o bench-data/access-256MB.log
    gen_access_log.py --lines 1000000 -o /tmp/access-1M.log

Every byte depends only on --seed and the size/line target, so the same
command always writes the same file (Python's Mersenne Twister and
random.choices are stable across CPython 3.x releases).

--size-mb N writes whole lines while the total stays <= N * 2**20 bytes;
--lines N writes exactly N lines. Every line ends with "\n".
"""

import argparse
import random
import sys
import time

GENERATOR_VERSION = "1"  # bump when the output for a given seed changes

METHODS = ["GET", "POST", "HEAD", "PUT", "DELETE", "OPTIONS", "PATCH"]
METHOD_WEIGHTS = [82, 10, 3, 2, 1, 1, 1]

PROTOCOLS = ["HTTP/1.1", "HTTP/2.0", "HTTP/1.0"]
PROTOCOL_WEIGHTS = [70, 27, 3]

STATUSES = [200, 304, 301, 302, 404, 206, 201, 204, 400, 401, 403, 500, 502, 503]
STATUS_WEIGHTS = [720, 80, 20, 25, 60, 10, 15, 8, 12, 10, 14, 8, 4, 4]

WORDS = (
    "alpha bravo charlie delta echo foxtrot golf hotel india juliet kilo lima "
    "mike november oscar papa quebec romeo sierra tango uniform victor whiskey "
    "xray yankee zulu river stone cloud forest ember harbor meadow summit "
    "canyon prairie glacier lantern orchard quarry tundra valley willow"
).split()

STATIC_EXT = ["css", "js", "png", "jpg", "svg", "woff2", "ico", "webp"]

USER_AGENTS = [
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36",
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15",
    "Mozilla/5.0 (X11; Linux x86_64; rv:125.0) Gecko/20100101 Firefox/125.0",
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Mozilla/5.0 (Linux; Android 14; Pixel 8) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Mobile Safari/537.36",
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/124.0.0.0 Safari/537.36 Edg/124.0.0.0",
    "Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)",
    "Mozilla/5.0 (compatible; bingbot/2.0; +http://www.bing.com/bingbot.htm)",
    "curl/8.5.0",
    "python-requests/2.31.0",
    "Go-http-client/2.0",
    "Wget/1.21.4",
    "Mozilla/5.0 (iPad; CPU OS 17_4 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Mobile/15E148 Safari/604.1",
    "Prometheus/2.51.0",
    "-",
]
UA_WEIGHTS = [30, 14, 8, 14, 10, 6, 4, 3, 3, 2, 2, 1, 2, 1, 1]

MONTHS = ["Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"]


def make_ip_pool(rng, n):
    pool = []
    for _ in range(n):
        kind = rng.random()
        if kind < 0.85:
            pool.append("%d.%d.%d.%d" % (rng.randint(1, 223), rng.randint(0, 255),
                                         rng.randint(0, 255), rng.randint(1, 254)))
        else:
            pool.append("2001:db8:%x:%x::%x" % (rng.randint(0, 0xffff), rng.randint(0, 0xffff),
                                                 rng.randint(1, 0xffff)))
    return pool


def make_path(rng):
    r = rng.random()
    if r < 0.30:
        h = "%08x" % rng.getrandbits(32)
        ext = rng.choice(STATIC_EXT)
        return "/static/%s/%s.%s.%s" % (ext, rng.choice(WORDS), h, ext)
    if r < 0.55:
        res = rng.choice(["users", "orders", "items", "carts", "sessions", "reviews"])
        p = "/api/v1/%s/%d" % (res, rng.randint(1, 999999))
        if rng.random() < 0.3:
            p += "/" + rng.choice(["history", "details", "status", "items"])
        return p
    if r < 0.68:
        q = "+".join(rng.choice(WORDS) for _ in range(rng.randint(1, 3)))
        return "/search?q=%s&page=%d" % (q, rng.randint(1, 20))
    if r < 0.80:
        return "/blog/%d/%02d/%s-%s" % (rng.randint(2015, 2024), rng.randint(1, 12),
                                        rng.choice(WORDS), rng.choice(WORDS))
    if r < 0.88:
        return rng.choice(["/", "/index.html", "/about", "/contact", "/pricing", "/login",
                           "/logout", "/robots.txt", "/sitemap.xml", "/favicon.ico",
                           "/healthz", "/metrics"])
    if r < 0.95:
        return "/images/%s/%s_%d.jpg" % (rng.choice(WORDS), rng.choice(WORDS), rng.randint(1, 5000))
    return "/%s/%s.php" % (rng.choice(["wp-admin", "admin", "cgi-bin", "phpmyadmin"]),
                           rng.choice(["index", "login", "setup", "config"]))


def make_referer(rng, path_pool):
    r = rng.random()
    if r < 0.45:
        return "-"
    if r < 0.80:
        return "https://www.example.com" + rng.choice(path_pool)
    if r < 0.92:
        return "https://www.google.com/search?q=" + "+".join(
            rng.choice(WORDS) for _ in range(rng.randint(1, 4)))
    return "https://" + rng.choice(["news.ycombinator.com", "t.co", "duckduckgo.com",
                                     "www.reddit.com", "lobste.rs"]) + "/"


def fmt_time(epoch, cache):
    s = cache.get(epoch)
    if s is None:
        t = time.gmtime(epoch)
        s = "%02d/%s/%04d:%02d:%02d:%02d +0000" % (t.tm_mday, MONTHS[t.tm_mon - 1], t.tm_year,
                                                   t.tm_hour, t.tm_min, t.tm_sec)
        cache.clear()  # timestamps only move forward: keep one entry
        cache[epoch] = s
    return s


def generate(out, max_bytes, max_lines, seed):
    rng = random.Random(seed)
    ip_pool = make_ip_pool(rng, 20000)
    # Skewed popularity: a few addresses are very busy (crawlers, NATs).
    ip_weights = [1.0 / (i + 1) ** 0.8 for i in range(len(ip_pool))]
    ip_cum = []
    acc = 0.0
    for w in ip_weights:
        acc += w
        ip_cum.append(acc)
    hot_paths = [make_path(rng) for _ in range(3000)]
    users = ["-"] * 30 + ["alice", "bob", "carol", "dave", "erin", "frank"]

    epoch = 1709251200  # 2024-03-01T00:00:00Z
    tcache = {}
    written = 0
    lines = 0
    batch = 4096
    buf = []
    done = False
    while not done:
        ips = rng.choices(ip_pool, cum_weights=ip_cum, k=batch)
        methods = rng.choices(METHODS, weights=METHOD_WEIGHTS, k=batch)
        protos = rng.choices(PROTOCOLS, weights=PROTOCOL_WEIGHTS, k=batch)
        statuses = rng.choices(STATUSES, weights=STATUS_WEIGHTS, k=batch)
        uas = rng.choices(USER_AGENTS, weights=UA_WEIGHTS, k=batch)
        for i in range(batch):
            if rng.random() < 0.35:
                epoch += 1
            status = statuses[i]
            method = methods[i]
            path = rng.choice(hot_paths) if rng.random() < 0.6 else make_path(rng)
            if status == 304 or status == 204 or method == "HEAD":
                size = "0" if status != 304 else "-"
            else:
                size = str(int(rng.lognormvariate(8.5, 1.4)))
            user = users[rng.randrange(len(users))]
            line = '%s - %s [%s] "%s %s %s" %d %s "%s" "%s"\n' % (
                ips[i], user, fmt_time(epoch, tcache), method, path, protos[i],
                status, size, make_referer(rng, hot_paths), uas[i])
            data = line.encode("ascii")
            if max_bytes is not None and written + len(data) > max_bytes:
                done = True
                break
            buf.append(data)
            written += len(data)
            lines += 1
            if max_lines is not None and lines >= max_lines:
                done = True
                break
        out.write(b"".join(buf))
        buf.clear()
    return written, lines


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    g = ap.add_mutually_exclusive_group(required=True)
    g.add_argument("--size-mb", type=float, help="target size in MiB (2**20 bytes)")
    g.add_argument("--lines", type=int, help="exact number of lines")
    ap.add_argument("--seed", type=int, default=20240301)
    ap.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    ap.add_argument("--version", action="store_true", help="print the generator version and exit")
    args = ap.parse_args()
    max_bytes = int(args.size_mb * 1024 * 1024) if args.size_mb is not None else None
    if args.output == "-":
        written, lines = generate(sys.stdout.buffer, max_bytes, args.lines, args.seed)
    else:
        with open(args.output, "wb", buffering=1 << 20) as f:
            written, lines = generate(f, max_bytes, args.lines, args.seed)
    print("gen_access_log: %d bytes, %d lines" % (written, lines), file=sys.stderr)


if __name__ == "__main__":
    main()
