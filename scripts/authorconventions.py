#!/usr/bin/env python3
"""How many posts of an evaluation site name authors in their front matter
that the served page never shows, and the author score a crawl can reach
at most when it reads only what pages show.

A name counts as shown when its words stand in the page's visible text
(scripts, styles, comments and tags removed) or in its JSON-LD or meta
author tags.

Usage: scripts/authorconventions.py SITE_DIR   (e.g. ../shared/eval/sites/flink)
"""
import html
import json
import os
import re
import sys


def visible(page):
    page = re.sub(r"(?is)<(script|style)\b.*?</\1>|<!--.*?-->", " ", page)
    meta = " ".join(re.findall(r'(?is)<meta[^>]+name="author"[^>]+content="([^"]*)"', page))
    ld = " ".join(re.findall(r'(?is)<script[^>]*ld\+json[^>]*>(.*?)</script>', page))
    text = re.sub(r"<[^>]+>", " ", page)
    return " ".join(html.unescape(" ".join([text, meta, ld])).split()).lower()


def main():
    site = sys.argv[1]
    www = os.path.join(site, "www")
    named = unshown = 0
    for line in open(os.path.join(site, "truth.jsonl"), encoding="utf-8"):
        t = json.loads(line)
        if not t["authors"]:
            continue
        named += 1
        path = t["path"].lstrip("/")
        f = os.path.join(www, path)
        if os.path.isdir(f) or path.endswith("/") or not path:
            f = os.path.join(f, "index.html")
        try:
            page = open(f, encoding="utf-8", errors="replace").read()
        except OSError:
            continue
        seen = visible(page)
        if not all(" ".join(a.split()).lower() in seen for a in t["authors"]):
            unshown += 1
    print(f"posts_naming_authors={named} authors_not_on_page={unshown} author_ceiling={(named - unshown) / named:.3f}")


if __name__ == "__main__":
    main()
