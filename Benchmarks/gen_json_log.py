#!/usr/bin/env python3
"""Deterministic generator of a synthetic JSON-lines application log, one
object a line, used as benchmark input for sluice (Benchmarks/compare.sh).

    gen_json_log.py --size-mb 256 -o bench-data/json-256MB.log

A line looks like

    {"ts":"2026-11-29T10:15:02.123Z","level":"INFO","method":"GET","status":200,
     "path":"/api/v1/users/123","ms":12.5,"user":{"id":42},"msg":"request completed"}

(on one line, about 150 bytes), keys always in this order, no spaces. About
1% of the lines have "status":500. Every byte depends only on --seed and
--size-mb; every line ends with "\\n".
"""

import gen_common

METHODS = ["GET", "POST", "PUT", "DELETE", "PATCH"]
METHOD_WEIGHTS = [78, 14, 4, 2, 2]
STATUSES = [200, 201, 204, 304, 400, 401, 403, 404, 409, 429, 500, 502, 503]
STATUS_WEIGHTS = [760, 30, 20, 50, 15, 12, 8, 60, 5, 6, 10, 2, 2]
RESOURCES = ["users", "orders", "items", "carts", "sessions", "reviews", "invoices"]
SUBRESOURCES = ["history", "details", "status", "items", "events"]
MESSAGES = {
    "INFO": ["request completed", "served from cache", "request completed (slow path)"],
    "WARN": ["client error", "validation failed", "rate limited", "not found"],
    "ERROR": ["upstream failed", "unhandled exception", "database timeout"],
}


def level_of(status):
    if status >= 500:
        return "ERROR"
    return "WARN" if status >= 400 else "INFO"


def make_path(rng):
    r = rng.random()
    if r < 0.70:
        path = "/api/v1/%s/%d" % (rng.choice(RESOURCES), rng.randint(1, 999999))
        if rng.random() < 0.3:
            path += "/" + rng.choice(SUBRESOURCES)
        return path
    if r < 0.85:
        return "/api/v1/%s?page=%d&limit=%d" % (rng.choice(RESOURCES), rng.randint(1, 50),
                                              rng.choice([10, 20, 50, 100]))
    return rng.choice(["/healthz", "/metrics", "/api/v1/login", "/api/v1/logout", "/api/v2/search"])


def records(rng, clock):
    batch = 4096
    while True:
        methods = rng.choices(METHODS, weights=METHOD_WEIGHTS, k=batch)
        statuses = rng.choices(STATUSES, weights=STATUS_WEIGHTS, k=batch)
        for method, status in zip(methods, statuses):
            level = level_of(status)
            user = "null" if rng.random() < 0.15 else '{"id":%d}' % rng.randint(1, 250000)
            ms = round(rng.lognormvariate(2.5, 1.0), 1)
            line = ('{"ts":"%sZ","level":"%s","method":"%s","status":%d,"path":"%s",'
                    '"ms":%.1f,"user":%s,"msg":"%s"}\n') % (
                clock.tick(), level, method, status, make_path(rng), ms, user,
                rng.choice(MESSAGES[level]))
            yield line.encode("ascii")


if __name__ == "__main__":
    gen_common.run("gen_json_log", __doc__, records, "T", 40, 20261129)
