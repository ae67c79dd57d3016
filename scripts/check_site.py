#!/usr/bin/env python3
"""Checks a built sahifa site: every internal link resolves, and (with a
gen.py manifest) every article has exactly one page with the right date and
read-also links that go where the manifest says.

    scripts/check_site.py PUBLIC_DIR [--base-path /news/] [--manifest manifest.json]

Prints figures and exits non-zero on any failure. Standard library only.
"""
import argparse
import json
import os
import sys
import urllib.parse
from html.parser import HTMLParser


class Page(HTMLParser):
    """Collects links, the h1, the <time> of the article, and read-also items."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links = []
        self.h1 = None
        self.time = None
        self.is_article = False
        self.read_also = []  # (text, href or None)
        self._in_h1 = False
        self._section = None
        self._item = None
        self._depth = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        for key in ("href", "src"):
            if key in a and tag in ("a", "link", "script", "img"):
                self.links.append(a[key])
        cls = a.get("class", "")
        if tag == "article" and "article" in cls.split():
            self.is_article = True
        if tag == "h1":
            self._in_h1 = True
            self.h1 = ""
        if tag == "time" and self.is_article and self.time is None:
            self.time = a.get("datetime")
        if tag == "section" and "read-also" in cls.split():
            self._section = "read-also"
        if self._section == "read-also":
            if tag == "li":
                self._item = ["", None, False]
            elif tag == "a" and self._item is not None and self._item[1] is None:
                self._item[1] = a.get("href")
                self._item[2] = True
            elif tag == "span" and "unresolved" in cls.split() and self._item is not None:
                self._item[2] = True
            elif tag in ("time",) or "excerpt" in cls.split():
                if self._item is not None:
                    self._item[2] = False

    def handle_endtag(self, tag):
        if tag == "h1":
            self._in_h1 = False
        if tag == "section":
            self._section = None
        if tag in ("a", "span") and self._item is not None:
            self._item[2] = False
        if tag == "li" and self._item is not None and self._section == "read-also":
            self.read_also.append((self._item[0].strip(), self._item[1]))
            self._item = None

    def handle_data(self, data):
        if self._in_h1:
            self.h1 += data
        if self._item is not None and self._item[2]:
            self._item[0] += data


def page_url_path(rel):
    """public-relative file path -> URL path (decoded) it is served at."""
    if rel.endswith("/index.html"):
        return "/" + rel[: -len("index.html")]
    if rel == "index.html":
        return "/"
    return "/" + rel


def resolve_link(href, page_path, base_path):
    """A link as the decoded path under the output folder, or None if external."""
    parsed = urllib.parse.urlparse(href)
    if parsed.scheme in ("http", "https", "mailto") or parsed.netloc:
        return None
    if not parsed.path:
        return page_path  # a fragment-only link
    path = urllib.parse.urljoin(base_path.rstrip("/") + page_path, parsed.path)
    path = urllib.parse.unquote(path)
    if not path.startswith(base_path):
        return "OUTSIDE:" + path
    return "/" + path[len(base_path):]


def exists(out, path):
    full = os.path.join(out, path.lstrip("/"))
    if path.endswith("/"):
        return os.path.isfile(os.path.join(full, "index.html"))
    return os.path.isfile(full)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("public")
    ap.add_argument("--base-path", default="/")
    ap.add_argument("--manifest")
    args = ap.parse_args()
    out = args.public
    base = args.base_path if args.base_path.endswith("/") else args.base_path + "/"
    pages = {}
    for dirpath, _dirs, files in os.walk(out):
        for f in files:
            if f.endswith(".html"):
                full = os.path.join(dirpath, f)
                rel = os.path.relpath(full, out).replace(os.sep, "/")
                p = Page()
                with open(full, encoding="utf-8") as fh:
                    p.feed(fh.read())
                pages[rel] = p
    failures = []
    links = 0
    for rel, p in pages.items():
        here = page_url_path(rel)
        for href in p.links:
            target = resolve_link(href, here, base)
            if target is None:
                continue
            links += 1
            if target.startswith("OUTSIDE:") or not exists(out, target):
                failures.append("broken link in %s: %s" % (rel, href))
    print("pages: %d html files, %d internal links checked, %d broken"
          % (len(pages), links, len([f for f in failures if f.startswith("broken")])))

    if args.manifest:
        check_manifest(args.manifest, pages, base, failures)

    for f in failures[:30]:
        print("FAIL", f)
    if failures:
        print("%d failures" % len(failures))
        sys.exit(1)
    print("all checks passed")


def check_manifest(manifest_path, pages, base, failures):
    with open(manifest_path, encoding="utf-8") as fh:
        manifest = json.load(fh)
    by_title = {}
    for rel, p in pages.items():
        if p.is_article:
            by_title.setdefault(p.h1, []).append(rel)
    items = manifest["items"]
    page_of = {}
    for item in items:
        found = by_title.get(item["title"], [])
        if len(found) != 1:
            failures.append("%s: %d pages for its title" % (item["file"], len(found)))
            continue
        rel = found[0]
        page_of[item["file"]] = rel
        date = (pages[rel].time or "")[:10]
        if date != item["date"]:
            failures.append("%s: date %s, expected %s" % (item["file"], date, item["date"]))
    counts = {"linked": 0, "text": 0}
    for item in items:
        rel = page_of.get(item["file"])
        if rel is None:
            continue
        shown = pages[rel].read_also
        expected = item["read_also"]
        if len(shown) != len(expected):
            failures.append("%s: %d read-also items shown, %d expected" % (item["file"], len(shown), len(expected)))
            continue
        here = page_url_path(rel)
        for (text, href), want in zip(shown, expected):
            if want["target"] is None:
                if href is not None:
                    failures.append("%s: missing reference %r linked to %s" % (item["file"], want["title"], href))
                else:
                    counts["text"] += 1
                continue
            target_rel = page_of.get(want["target"])
            if href is None:
                failures.append("%s: %s reference %r not linked" % (item["file"], want["kind"], want["title"]))
                continue
            got = resolve_link(href, here, base)
            if target_rel is None or got != page_url_path(target_rel):
                failures.append("%s: %r linked to %s, expected %s" % (item["file"], want["title"], got, target_rel))
            else:
                counts["linked"] += 1
    total = sum(len(i["read_also"]) for i in items)
    print("manifest: %d articles, %d with exactly one page and the right date; read-also %d: %d linked to "
          "the right page, %d shown as text (unresolvable)"
          % (len(items), sum(1 for f in page_of if not any(x.startswith(f + ":") for x in failures)),
             total, counts["linked"], counts["text"]))


if __name__ == "__main__":
    main()
