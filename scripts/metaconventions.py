#!/usr/bin/env python3
"""Count metadata misses that follow a convention of the reference rather than an error.

  title: the reference title is the predicted title plus a site part after a
         separator (" | Site", " - Site", " [Site]"): Readability.js keeps the
         site name of <title> in some cases, the issue's rules strip it.
  date:  the reference date is the page's modified date (the date the page
         shows as "Updated"), while the prediction gives a different
         published date from the page's own metadata; or the reference
         date appears nowhere in the page's HTML in a common form (English
         and the month names of the languages of Europe the datasets hold);
         or it names no day of the calendar ("2022-29-11").

Usage: scripts/metaconventions.py DATASET PRED.jsonl [--type article]
PRED is the --out file of `ingest eval`, which carries `modified`.
"""
import calendar
import gzip
import json
import os
import re
import sys

sys.path.insert(0, os.environ.get("EVAL", os.path.join(os.path.dirname(os.path.realpath(__file__)), "..", "..", "shared", "eval")))
from score import norm_date, norm_title  # noqa: E402  (the reference scorer)

# Month names of the languages the datasets hold besides English, as a
# page writes them before the year ("26. Januar 2022", "3 mars 2021",
# "12 de mayo de 2020").
MONTHS = [
    ("januar", "janvier", "enero", "gennaio", "janeiro", "januari", "stycznia", "jänner"),
    ("februar", "février", "febrero", "febbraio", "fevereiro", "februari", "lutego", "feber"),
    ("märz", "mars", "marzo", "marzo", "março", "maart", "marca", "marz"),
    ("april", "avril", "abril", "aprile", "abril", "april", "kwietnia"),
    ("mai", "mai", "mayo", "maggio", "maio", "mei", "maja"),
    ("juni", "juin", "junio", "giugno", "junho", "juni", "czerwca"),
    ("juli", "juillet", "julio", "luglio", "julho", "juli", "lipca"),
    ("august", "août", "agosto", "agosto", "agosto", "augustus", "sierpnia"),
    ("september", "septembre", "septiembre", "settembre", "setembro", "september", "września"),
    ("oktober", "octobre", "octubre", "ottobre", "outubro", "oktober", "października"),
    ("november", "novembre", "noviembre", "novembre", "novembro", "november", "listopada"),
    ("dezember", "décembre", "diciembre", "dicembre", "dezembro", "december", "grudnia"),
]

def date_in_page(ds, case, ymd):
    """Whether the page's HTML writes the day ymd in a common form."""
    y, m, d = ymd
    try:
        page = gzip.open(os.path.join(ds, case["html"])).read().decode("utf-8", "replace")
    except OSError:
        return True
    yi, mi, di = int(y), int(m), int(d)
    month, abbr = calendar.month_name[mi], calendar.month_abbr[mi]
    forms = [f"{y}-{m}-{d}", f"{y}/{m}/{d}", f"{y}{m}{d}", f"{m}/{d}/{y}", f"{mi}/{di}/{y}",
             f"{d}.{m}.{y}", f"{di}.{mi}.{y}", f"{d}/{m}/{y}", f"{di}/{mi}/{y}", f"{y}/{mi}/{di}",
             f"{d}.{m}.{y[2:]}", f"{d}-{m}-{y}", f"{y}年{mi}月{di}日"]
    for name in (month, abbr, abbr + "."):
        forms += [f"{name} {di}, {y}", f"{name} {d}, {y}", f"{di} {name} {y}", f"{name} {di} {y}",
                  f"{name} {di}th, {y}", f"{name} {di}st, {y}", f"{name} {di}nd, {y}", f"{name} {di}rd, {y}"]
    for name in MONTHS[mi - 1]:
        forms += [f"{di}. {name} {y}", f"{d}. {name} {y}", f"{di} {name} {y}", f"{di} de {name} de {y}",
                  f"{di} {name[:3]} {y}", f"{di}. {name[:3]} {y}", f"{di}. {name[:3]}. {y}"]
    low = page.lower()
    return any(f.lower() in low for f in forms)


def valid_day(ymd):
    """Whether the (year, month, day) strings name a day of the calendar."""
    try:
        y, m, d = (int(x) for x in ymd)
        return 1 <= m <= 12 and 1 <= d <= calendar.monthrange(y, m)[1]
    except ValueError:
        return False


SEP = re.compile(r"^\s*(?:[|\-–—:·•»/]|\[)\s*")


def main():
    ds, pf = sys.argv[1], sys.argv[2]
    only = sys.argv[sys.argv.index("--type") + 1] if "--type" in sys.argv else None
    preds = {p["id"]: p for p in map(json.loads, filter(str.strip, open(pf, encoding="utf-8")))}
    n = {"title": 0, "title_miss": 0, "title_suffix": 0, "date": 0, "date_miss": 0, "date_modified": 0,
         "date_absent": 0}
    for line in open(f"{ds}/cases.jsonl", encoding="utf-8"):
        c = json.loads(line)
        e = c["expect"]
        if only and e.get("page_type") != only:
            continue
        p = preds.get(c["id"], {})
        if "title" in e:
            n["title"] += 1
            want, got = norm_title(e["title"]), norm_title(p.get("title") or "")
            if want != got:
                n["title_miss"] += 1
                if got and want.startswith(got) and SEP.match(want[len(got):]):
                    n["title_suffix"] += 1
        if "date" in e:
            n["date"] += 1
            want, got = norm_date(e["date"]), norm_date(p.get("published") or "")
            if not want or not valid_day(want):
                # A month or a year only, or no day of the calendar
                # ("2022-29-11"): score.py can never match it.
                n["date_miss"] += 1
                n["date_absent"] += 1
            elif want != got:
                n["date_miss"] += 1
                if got and norm_date(p.get("modified") or "") == want:
                    n["date_modified"] += 1
                elif not date_in_page(ds, c, want):
                    n["date_absent"] += 1
    print(f"title: pages={n['title']} misses={n['title_miss']} reference_keeps_site_suffix={n['title_suffix']} "
          f"best_possible_keeping_suffixes_stripped={1 - n['title_suffix'] / max(1, n['title']):.3f}")
    out = n["date_modified"] + n["date_absent"]
    print(f"date: pages={n['date']} misses={n['date_miss']} reference_is_our_modified_date={n['date_modified']} "
          f"reference_date_not_in_html_or_partial={n['date_absent']} "
          f"best_possible_keeping_published_apart={1 - out / max(1, n['date']):.3f}")


if __name__ == "__main__":
    main()
