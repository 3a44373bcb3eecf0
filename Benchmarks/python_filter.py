#!/usr/bin/env python3
"""The Python peers of Benchmarks/compare.sh: idiomatic streaming Python
(gzip.open and a generator expression) for the workloads of sluice's
throughput table. Each prints one number.

    python_filter.py count FILE.gz            sum(1 for _ in gzip.open(p, 'rb'))
    python_filter.py grep NEEDLE FILE.gz      sum(1 for l in gzip.open(p, 'rb') if NEEDLE in l)
    python_filter.py records START NEEDLE FILE.gz
        the records that contain NEEDLE: a record is a line that the regular
        expression START matches (re.match, on bytes) and the lines after it
        up to the next such line, as in sluice's 'records --start START';
        lines before the first match form a record of their own
"""

import gzip
import re
import sys


def records(lines, starts):
    record = []
    for line in lines:
        if record and starts(line):
            yield b"".join(record)
            record = []
        record.append(line)
    if record:
        yield b"".join(record)


def main(argv):
    if len(argv) == 2 and argv[0] == "count":
        p = argv[1]
        return sum(1 for _ in gzip.open(p, "rb"))
    if len(argv) == 3 and argv[0] == "grep":
        needle, p = argv[1].encode(), argv[2]
        return sum(1 for l in gzip.open(p, "rb") if needle in l)
    if len(argv) == 4 and argv[0] == "records":
        starts, needle, p = re.compile(argv[1].encode()).match, argv[2].encode(), argv[3]
        return sum(1 for r in records(gzip.open(p, "rb"), starts) if needle in r)
    sys.exit("usage:\n" + __doc__.split("\n\n")[1])


if __name__ == "__main__":
    print(main(sys.argv[1:]))
