"""What the JSON-lines and Java log generators share (gen_json_log.py,
gen_java_log.py): the command line, a clock, and writing whole records up to
a size. Not run on its own.

A generator module defines records(rng, clock), an endless iterator of
records as bytes, each ending in "\n" (a record may be several lines: a log
line and its stack trace), and calls run(). Every byte depends only on the
seed and the size: random.Random and its methods used here are stable across
CPython 3.x releases.
"""

import argparse
import random
import sys
import time

START_EPOCH = 1795947300  # 2026-11-29T10:15:00Z


class Clock:
    """A clock that moves forward by a random number of milliseconds per
    tick and formats itself as DATE<sep>HH:MM:SS.mmm, the date and time
    formatted once per second."""

    def __init__(self, rng, date_time_sep, max_step_ms):
        self.rng = rng
        self.sep = date_time_sep
        self.max_step_ms = max_step_ms
        self.ms = START_EPOCH * 1000
        self.second = None
        self.prefix = ""

    def tick(self):
        self.ms += self.rng.randrange(self.max_step_ms + 1)
        second, millis = divmod(self.ms, 1000)
        if second != self.second:
            t = time.gmtime(second)
            self.prefix = "%04d-%02d-%02d%s%02d:%02d:%02d" % (
                t.tm_year, t.tm_mon, t.tm_mday, self.sep, t.tm_hour, t.tm_min, t.tm_sec)
            self.second = second
        return "%s.%03d" % (self.prefix, millis)


def run(name, doc, records, date_time_sep, max_step_ms, default_seed):
    parser = argparse.ArgumentParser(prog=name, description=doc.split("\n\n")[0])
    parser.add_argument("--size-mb", type=float, required=True,
                        help="write whole records while the total stays <= this many MiB")
    parser.add_argument("--seed", type=int, default=default_seed)
    parser.add_argument("-o", "--output", default="-", help="output file (default stdout)")
    opts = parser.parse_args()

    limit = int(opts.size_mb * 1024 * 1024)
    rng = random.Random(opts.seed)
    clock = Clock(rng, date_time_sep, max_step_ms)
    sink = sys.stdout.buffer if opts.output == "-" else open(opts.output, "wb")
    total = count = 0
    pending = []
    for record in records(rng, clock):
        if total + len(record) > limit:
            break
        pending.append(record)
        total += len(record)
        count += 1
        if len(pending) == 8192:
            sink.write(b"".join(pending))
            pending = []
    sink.write(b"".join(pending))
    sink.flush()
    if sink is not sys.stdout.buffer:
        sink.close()
    print("%s: %d bytes, %d records" % (name, total, count), file=sys.stderr)
