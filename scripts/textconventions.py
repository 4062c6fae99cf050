#!/usr/bin/env python3
"""Word F1 of a crawl against a site's truth, as crawlcheck.py computes it, and
again with the code blocks left out of the export.

The truth.jsonl of the evaluation sites gives each post's body as plain text
without its code blocks, while a page shows them and the record keeps them
(in `text` and as fenced blocks in `markdown`). The second figure is the
word F1 the crawl would have if it followed that convention: the gap between
the two is the reference's convention, not text the crawl got wrong.

Usage: scripts/textconventions.py TRUTH.jsonl EXPORT.jsonl
"""
import json
import os
import re
import statistics
import sys
from urllib.parse import unquote, urlsplit

sys.path.insert(0, os.environ.get("EVAL", os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "shared", "eval")))
from score import word_f1  # noqa: E402


def path_of(u):
    p = unquote(urlsplit(u).path or "/")
    return (p if p.endswith("/") else p + "/").lower()


def main():
    truth = {path_of(t["path"]): t for t in map(json.loads, open(sys.argv[1], encoding="utf-8"))}
    seen, full, nocode = set(), [], []
    for line in open(sys.argv[2], encoding="utf-8"):
        r = json.loads(line)
        keys = [path_of(u) for u in [r.get("url", "")] + list(r.get("aliases") or []) if path_of(u) in truth]
        if not keys or keys[0] in seen or not truth[keys[0]].get("text"):
            continue
        seen.add(keys[0])
        want = truth[keys[0]]["text"]
        md = re.sub(r"```.*?```", "", r.get("markdown") or "", flags=re.S)
        md = re.sub(r"\]\([^)]*\)", "]", md)  # link targets are not words of the text
        full.append(word_f1(want, r.get("text") or r.get("markdown") or ""))
        nocode.append(word_f1(want, md))
    print(f"pages={len(full)} word_f1={statistics.mean(full):.3f} word_f1_without_code_blocks={statistics.mean(nocode):.3f}")


if __name__ == "__main__":
    main()
