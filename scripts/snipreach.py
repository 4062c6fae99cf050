#!/usr/bin/env python3
"""Snippet F1 on the snippets a page's HTML can give, beside the F1 on all.

A `with` snippet of a dataset is reachable when its text is in the visible
text of the saved page: outside <script>, <style> and <template>, after
entity decoding and whitespace folding, as score.py folds it. A snippet that
only a script holds (a single-page app's state, a JSON-LD articleBody) is
counted apart, and one that is nowhere in the file was taken from the page
as a browser rendered it later (a paywall lifted, text loaded by scripts,
CSS upper-casing). No extractor of the saved HTML can find those, so they
cap recall for every one alike.

Prints, for each predictions file, snippets P/R/F1 on all snippets, and on
the reachable ones (the `without` snippets are kept in both), and lists how
many snippets fall in each class.

Usage: scripts/snipreach.py DATASET_DIR PRED.jsonl [PRED.jsonl ...]
"""
import gzip
import json
import os
import re
import sys
from html.parser import HTMLParser

sys.path.insert(0, os.environ.get("EVAL", os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "shared", "eval")))
from score import ws  # noqa: E402

HIDDEN = {"script", "style", "template"}
# Elements that end a line of text; inline ones (<b>, <a>, <span>) do not.
BLOCK = {"address", "article", "aside", "blockquote", "br", "dd", "div", "dl", "dt", "figcaption", "figure",
         "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6", "header", "hr", "li", "main", "nav", "ol",
         "p", "pre", "section", "table", "td", "th", "tr", "ul"}
CHARSET = re.compile(rb"""<meta[^>]+charset=["']?([\w-]+)""", re.I)


class Visible(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.out, self.hidden = [], 0

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN:
            self.hidden += 1
        elif tag in BLOCK:
            self.out.append(" ")

    def handle_endtag(self, tag):
        if tag in HIDDEN and self.hidden:
            self.hidden -= 1
        elif tag in BLOCK:
            self.out.append(" ")

    def handle_data(self, data):
        if not self.hidden:
            self.out.append(data)


def decode(raw):
    if raw.startswith(b"\xef\xbb\xbf"):
        return raw[3:].decode("utf-8", "replace")
    m = CHARSET.search(raw[:4096])
    names = [m.group(1).decode("ascii", "replace")] if m else []
    for name in names + ["utf-8", "cp1252"]:
        try:
            return raw.decode(name)
        except (LookupError, UnicodeDecodeError):
            continue
    return raw.decode("utf-8", "replace")


def page_texts(path):
    h = decode(gzip.open(path).read())
    p = Visible()
    p.feed(h)
    return ws("".join(p.out)), ws(h)


def classify(dataset, cases):
    """Returns {(case id, snippet index): 'visible' | 'script' | 'absent'}."""
    out = {}
    for c in cases:
        if "with" not in c["expect"]:
            continue
        visible, raw = page_texts(os.path.join(dataset, c["html"]))
        for i, x in enumerate(c["expect"]["with"]):
            x = ws(x)
            out[c["id"], i] = "visible" if x in visible else "script" if x in raw else "absent"
    return out


def f1(tp, fp, fn):
    p = tp / (tp + fp) if tp + fp else 0
    r = tp / (tp + fn) if tp + fn else 0
    return p, r, (2 * p * r / (p + r) if p + r else 0)


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__.strip().splitlines()[-1])
    dataset = sys.argv[1]
    cases = [json.loads(line) for line in open(os.path.join(dataset, "cases.jsonl"), encoding="utf-8")]
    kind = classify(dataset, cases)
    counts = {}
    for k in kind.values():
        counts[k] = counts.get(k, 0) + 1
    print("with snippets:", ", ".join(f"{k} {v}" for k, v in sorted(counts.items())))
    for path in sys.argv[2:]:
        preds = {}
        for line in open(path, encoding="utf-8"):
            p = json.loads(line)
            preds[p["id"]] = ws(p.get("text") or "")
        all_, reach = [0, 0, 0], [0, 0, 0]
        for c in cases:
            e = c["expect"]
            if "with" not in e:
                continue
            t = preds.get(c["id"], "")
            for i, x in enumerate(e["with"]):
                hit = ws(x) in t
                all_[0 if hit else 2] += 1
                if kind[c["id"], i] == "visible":
                    reach[0 if hit else 2] += 1
            fp = sum(ws(x) in t for x in e.get("without", []))
            all_[1] += fp
            reach[1] += fp
        a, r = f1(*all_), f1(*reach)
        print(f"{os.path.basename(path)}: all snip_p={a[0]:.3f} snip_r={a[1]:.3f} snip_f1={a[2]:.3f}"
              f"  visible-only snip_p={r[0]:.3f} snip_r={r[1]:.3f} snip_f1={r[2]:.3f}")


if __name__ == "__main__":
    main()
