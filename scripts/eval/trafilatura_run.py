#!/usr/bin/env python3
"""trafilatura on the same pages, for the side-by-side in eval-web.sh: SET OUT.jsonl DATA_DIR.

SET is aeb or snippets. Writes {"id", "text"} per page and prints pages/s (one process, one
thread, text only, decompressed pages held in memory before the clock starts).
"""
import gzip
import json
import os
import sys
import time

import trafilatura

name, out, data = sys.argv[1:4]
folder = {"aeb": "aeb", "snippets": "trafilatura-eval"}[name]
gold = "ground-truth.jsonl" if name == "aeb" else "gold.jsonl"
ids = [json.loads(l)["id"] for l in open(os.path.join(data, folder, gold), encoding="utf-8")]
pages = {}
for i in ids:
    with gzip.open(os.path.join(data, folder, "html", f"{i}.html.gz")) as f:
        pages[i] = f.read()
start = time.process_time()
rows = []
for i, html in pages.items():
    text = trafilatura.extract(html, include_comments=False) or ""
    rows.append({"id": i, "text": text})
elapsed = time.process_time() - start
with open(out, "w", encoding="utf-8") as f:
    for r in rows:
        f.write(json.dumps(r) + "\n")
print(f"trafilatura {trafilatura.__version__}: {len(rows) / elapsed:.1f} pages/s (CPU time, one thread)")
