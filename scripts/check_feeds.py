#!/usr/bin/env python3
"""Parses every feed of a built site: Atom (`atom.xml`) and RSS 2.0
(`rss.xml`) with feedparser, the library most feed readers' behaviour is
checked against, and JSON Feed (`feed.json`, which feedparser 6 does not read)
against the required fields and date format of the JSON Feed 1.1 spec.

    scripts/check_feeds.py PUBLIC

Prints one JSON object: feeds checked, entries, and every problem (a feed
with bozo set, an entry without an Arabic title or a date). Exits 1 on any.
"""
import datetime
import json
import os
import re
import sys

import feedparser

ARABIC = re.compile("[\u0600-\u06ff]")


def main():
    out = sys.argv[1]
    problems, feeds, entries = [], 0, 0
    for dirpath, _dirs, files in os.walk(out):
        for name in files:
            if name not in ("atom.xml", "rss.xml", "feed.json"):
                continue
            path = os.path.join(dirpath, name)
            rel = os.path.relpath(path, out)
            if name == "feed.json":
                feeds += 1
                entries += check_json_feed(path, rel, problems)
                continue
            with open(path, "rb") as fh:
                parsed = feedparser.parse(fh.read())
            feeds += 1
            if parsed.bozo:
                problems.append("%s: bozo: %s" % (rel, parsed.get("bozo_exception")))
            if parsed.feed.get("language", "ar")[:2] != "ar" and name != "feed.json":
                problems.append("%s: language %r" % (rel, parsed.feed.get("language")))
            for entry in parsed.entries:
                entries += 1
                if not ARABIC.search(entry.get("title", "")):
                    problems.append("%s: entry without an Arabic title: %r" % (rel, entry.get("title")))
                if not entry.get("published_parsed"):
                    problems.append("%s: entry without a date: %r" % (rel, entry.get("title")))
                if not entry.get("link", "").startswith("http"):
                    problems.append("%s: entry link %r" % (rel, entry.get("link")))
                body = entry.get("content", [{}])[0].get("value", "") or entry.get("summary", "")
                if not ARABIC.search(body):
                    problems.append("%s: entry without Arabic content" % rel)
    print(json.dumps({"feeds": feeds, "entries": entries, "problems": problems[:50]}, ensure_ascii=False))
    sys.exit(1 if problems or feeds == 0 else 0)


def rfc3339(value):
    try:
        return datetime.datetime.fromisoformat(value).tzinfo is not None
    except (TypeError, ValueError):
        return False


def check_json_feed(path, rel, problems):
    """JSON Feed 1.1: version, title, items with id, content and RFC 3339 dates."""
    with open(path, encoding="utf-8") as fh:
        try:
            feed = json.load(fh)
        except ValueError as e:
            problems.append("%s: not JSON: %s" % (rel, e))
            return 0
    if feed.get("version") != "https://jsonfeed.org/version/1.1":
        problems.append("%s: version %r" % (rel, feed.get("version")))
    if not isinstance(feed.get("title"), str) or not feed["title"]:
        problems.append("%s: no title" % rel)
    if feed.get("language", "")[:2] != "ar":
        problems.append("%s: language %r" % (rel, feed.get("language")))
    for key in ("home_page_url", "feed_url"):
        if not str(feed.get(key, "")).startswith("http"):
            problems.append("%s: %s %r" % (rel, key, feed.get(key)))
    items = feed.get("items")
    if not isinstance(items, list):
        problems.append("%s: items is not a list" % rel)
        return 0
    for item in items:
        if not isinstance(item.get("id"), str) or not item["id"]:
            problems.append("%s: item without id" % rel)
        if not (item.get("content_html") or item.get("content_text")):
            problems.append("%s: item without content" % rel)
        if not ARABIC.search(item.get("title", "")):
            problems.append("%s: item without an Arabic title" % rel)
        for key in ("date_published", "date_modified"):
            if not rfc3339(item.get(key)):
                problems.append("%s: %s %r is not RFC 3339" % (rel, key, item.get(key)))
    return len(items)


if __name__ == "__main__":
    main()
