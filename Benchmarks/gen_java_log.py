#!/usr/bin/env python3
"""Deterministic generator of a synthetic multi-line Java application log
(logback style), used as benchmark input for sluice (Benchmarks/compare.sh).

    gen_java_log.py --size-mb 256 -o bench-data/java-256MB.log

Every record starts with a timestamped line,

    2026-11-29 10:15:02.123 INFO  [http-nio-8080-exec-7] com.example.orders.OrderService - ...

and 10% of the records (WARN or ERROR) go on with the exception's line
(java.lang.NullPointerException: ..., IllegalStateException, ...) and 3 to 20
indented stack lines ("\\tat com.example.orders.OrderService.place(OrderService.java:123)"),
some with a "Caused by: ..." line among them. About a third of the exceptions
are, or are caused by, a NullPointerException. Only the first line of a record
starts with a date. Every byte depends only on --seed and --size-mb; every
line ends with "\\n".
"""

import gen_common

LEVELS = ["INFO", "DEBUG", "WARN"]
LEVEL_WEIGHTS = [80, 15, 5]
PACKAGES = ["orders", "billing", "users", "inventory", "search", "shipping"]
CLASSES = ["Service", "Controller", "Repository", "Client", "Validator", "Mapper"]
METHODS = ["handle", "process", "load", "save", "validate", "apply", "lambda$run$0", "call"]
MESSAGES = """\
Order %d accepted for user %d
Cache miss for key item:%d (shard %d)
Request %d served in %d ms
Retrying call %d, attempt %d
Session %d refreshed for user %d
Batch %d flushed: %d rows
""".splitlines()
EXCEPTIONS = [
    ("java.lang.NullPointerException",
     'Cannot invoke "String.length()" because "<local%d>" is null'),
    ("java.lang.IllegalStateException", "Order %d is already closed"),
    ("java.io.IOException", "Connection reset by peer (socket %d)"),
    ("java.util.concurrent.TimeoutException", "Timed out after %d ms"),
    ("java.lang.IllegalArgumentException", "Invalid quantity: %d"),
    ("java.sql.SQLTransientConnectionException", "Pool exhausted after %d ms"),
]
EXCEPTION_WEIGHTS = [25, 20, 20, 15, 12, 8]


def class_name(rng):
    pkg = rng.choice(PACKAGES)
    return "com.example.%s.%s%s" % (pkg, pkg.capitalize(), rng.choice(CLASSES))


def frame(rng):
    cls = class_name(rng)
    return "\tat %s.%s(%s.java:%d)\n" % (cls, rng.choice(METHODS), cls.rsplit(".", 1)[1],
                                         rng.randint(20, 900))


def exception_line(rng, prefix=""):
    name, message = rng.choices(EXCEPTIONS, weights=EXCEPTION_WEIGHTS)[0]
    return "%s%s: %s\n" % (prefix, name, message % rng.randint(1, 30000))


def stack_trace(rng):
    lines = [exception_line(rng)]
    depth = rng.randint(3, 20)
    cause_at = rng.randint(2, depth) if depth > 3 and rng.random() < 0.25 else None
    for i in range(depth):
        if i == cause_at:
            lines.append(exception_line(rng, "Caused by: "))
        lines.append(frame(rng))
    return "".join(lines)


def records(rng, clock):
    while True:
        thread = "http-nio-8080-exec-%d" % rng.randint(1, 200)
        message = rng.choice(MESSAGES) % (rng.randint(1, 999999), rng.randint(1, 5000))
        if rng.random() < 0.10:
            level = "ERROR" if rng.random() < 0.7 else "WARN"
            tail = stack_trace(rng)
            message = "Failed: " + message
        else:
            level = rng.choices(LEVELS, weights=LEVEL_WEIGHTS)[0]
            tail = ""
        record = "%s %-5s [%s] %s - %s\n%s" % (clock.tick(), level, thread, class_name(rng),
                                                message, tail)
        yield record.encode("ascii")


if __name__ == "__main__":
    gen_common.run("gen_java_log", __doc__, records, " ", 60, 20261130)
