#!/usr/bin/env python3
"""The Python version of sluice's benchmark pipeline.

    sluice 'grep -F " 500 " | fields 7 | count-by | head 10' FILE.gz

in the idiomatic streaming form: gzip.open, a generator expression and
collections.Counter. Prints the ten most frequent paths of the 500 responses
as COUNT<TAB>PATH lines, like sluice (ties are in first-seen order here, by
path in sluice: Benchmarks/pipeline.sh compares the lists allowing for that).

    python3 Benchmarks/pipeline_reference.py bench-data/access-256MB.log.gz
"""

import collections
import gzip
import sys


def main():
    if len(sys.argv) != 2:
        sys.exit("usage: pipeline_reference.py FILE.gz")
    with gzip.open(sys.argv[1], "rb") as lines:
        top = collections.Counter(
            line.split()[6] for line in lines if b" 500 " in line
        ).most_common(10)
    out = sys.stdout.buffer
    for path, count in top:
        out.write(b"%d\t%s\n" % (count, path))


if __name__ == "__main__":
    main()
