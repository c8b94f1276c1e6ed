#!/usr/bin/env python3
"""Build crates/cluster/data/wordfreq-en.txt from the PyPI package `wordfreq` (3.1.1).

    pip download wordfreq==3.1.1 --no-deps -d /tmp/wf && cd /tmp/wf && unzip -o wordfreq-*.whl
    pip install msgpack
    python3 tools/wordfreq/convert.py /tmp/wf/wordfreq/data/large_en.msgpack.gz > crates/cluster/data/wordfreq-en.txt

The package stores English word frequencies in buckets of centibels (bucket i holds words
with frequency about 10^(-i/100)). We keep the words of at least three letters (with
inner hyphens and apostrophes) down to one in a million (bucket 600), one line per
bucket: `<centibels>\t<word> <word> ...`.
"""
import gzip
import re
import sys
from collections import defaultdict

import msgpack

WORD = re.compile(r"[a-z][a-z'\-]*[a-z]")

def main(path):
    data = msgpack.load(gzip.open(path), raw=False)
    buckets = defaultdict(list)
    for cb, words in enumerate(data[1:]):
        if cb > 600:
            break
        for w in words:
            if len(w) >= 3 and WORD.fullmatch(w):
                buckets[cb].append(w)
    for cb in sorted(buckets):
        print(f"{cb}\t{' '.join(sorted(buckets[cb]))}")

if __name__ == "__main__":
    main(sys.argv[1])
