#!/usr/bin/env python3
"""Where predicted Markdown structure and the WCXB reference disagree by convention.

For each structure kind scored by mdscore.py (headings, list items, table cells),
count the pages where at least half of the predicted items (and at least two)
appear in the reference as plain lines, without the Markdown markup: the page's
HTML has the element (the prediction only emits a heading, item or cell for a
real <hN>, <li> or <td>), but the reference wrote it as a paragraph. On those
pages no faithful converter can score well. Prints the mean score over all
pages and over the other pages.

Usage: scripts/mdconventions.py DATASET PRED.jsonl [--type article]
"""
import json
import os
import statistics
import sys

sys.path.insert(0, os.path.join(sys.argv[1], ".."))
import mdscore  # noqa: E402  (the reference scorer next to the dataset)


def plain_lines(md):
    return {mdscore.norm(l) for l in (md or "").split("\n")}


def main():
    ds, pf = sys.argv[1], sys.argv[2]
    only = sys.argv[sys.argv.index("--type") + 1] if "--type" in sys.argv else None
    preds = {p["id"]: p for p in map(json.loads, filter(str.strip, open(pf, encoding="utf-8")))}
    for kind in ("headings", "list_items", "table_cells"):
        scores, rest, bounds, flat = [], [], [], 0
        for line in open(f"{ds}/cases.jsonl", encoding="utf-8"):
            c = json.loads(line)
            e = c["expect"]
            if "markdown" not in e or (only and e.get("page_type") != only):
                continue
            md = preds.get(c["id"], {}).get("markdown") or ""
            t = mdscore.parts(e["markdown"], c["url"])[kind]
            p = mdscore.parts(md, c["url"])[kind]
            v = mdscore.f1(t, p)
            if v is None:
                continue
            scores.append(v)
            lines = plain_lines(e["markdown"])
            as_text = sum(n for it, n in p.items() if it and it not in t and it in lines)
            total = sum(p.values())
            prec = (total - as_text) / total if total else 1.0
            bounds.append(2 * prec / (prec + 1) if prec > 0 else 0.0)
            if as_text >= 2 and as_text >= 0.5 * sum(p.values()):
                flat += 1
            else:
                rest.append(v)
        print(f"{kind}: pages={len(scores)} mean={statistics.mean(scores):.3f} "
              f"reference_writes_them_as_text={flat} mean_on_other_pages={statistics.mean(rest):.3f} "
              f"upper_bound_keeping_real_elements={statistics.mean(bounds):.3f}")


if __name__ == "__main__":
    main()
