#!/usr/bin/env python3
"""Picture-processing benchmark: sahifa beside Hugo resizing the same images.

Generates `../shared/corpus/gen.py --newsroom --images` (2,000 articles by
default: about 800 1600x900 PNGs, some corrupt or missing on purpose), then
times, in interleaved runs:

- sahifa: a first build (no output, no picture cache), a rebuild with
  nothing changed, and a build into an empty output with the picture cache
  kept (every picture linked from the cache, none encoded);
- Hugo: a small site whose template calls `.Resize` on each good picture at
  the same widths, in WebP (q75) and in PNG — what sahifa makes — first with
  no `resources/_gen` cache, then again with it, then into an empty output
  with the cache kept. Hugo gets only the pictures that decode: a damaged
  one fails its whole build.

Wall time and peak memory come from /usr/bin/time.

    scripts/bench_images.py [--articles 2000] [--runs 3] [--work /dev/shm]
"""
import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from bench_build import GEN, REPO, hugo_binary, median, timed  # noqa: E402

WIDTHS = (480, 800, 1200)

HUGO_TEMPLATE = """{{- range resources.Match "images/*.png" -}}
{{- $img := . -}}
{{- range slice %s -}}
<img src="{{ ($img.Resize (printf "%%dx webp q75" .)).RelPermalink }}">
<img src="{{ ($img.Resize (printf "%%dx png" .)).RelPermalink }}">
{{- end -}}
{{- end -}}
""" % " ".join(str(w) for w in WIDTHS)


def hugo_site(corpus, work):
    """A Hugo site holding the corpus's good pictures as assets."""
    site = os.path.join(work, "hugo-images")
    images = os.path.join(site, "assets", "images")
    os.makedirs(images)
    os.makedirs(os.path.join(site, "layouts"))
    with open(os.path.join(corpus, "content", "manifest.json"), encoding="utf-8") as f:
        items = json.load(f)["items"]
    good = [i["image"] for i in items if i.get("image") and i.get("image_kind") == "ok"]
    for rel in good:
        shutil.copy(os.path.join(corpus, "content", rel), images)
    with open(os.path.join(site, "hugo.toml"), "w") as f:
        f.write('baseURL = "https://news.example/"\n'
                'disableKinds = ["taxonomy", "term", "section", "page", "RSS", "sitemap", "robotsTXT", "404"]\n'
                '[imaging]\nquality = 75\n')
    with open(os.path.join(site, "layouts", "home.html"), "w") as f:
        f.write(HUGO_TEMPLATE)
    return site, len(good)


def three_builds(key, command, cwd, out, cache, runs, peaks):
    """A first build (no output, no cache), the same again, and one into an
    empty output with the cache kept."""
    for path in (out, cache):
        shutil.rmtree(path, ignore_errors=True)
    wall, kib = timed(command, cwd=cwd)
    runs[key + "-first"].append(wall)
    peaks[key].append(kib)
    runs[key + "-same"].append(timed(command, cwd=cwd)[0])
    shutil.rmtree(out)
    runs[key + "-cached"].append(timed(command, cwd=cwd)[0])


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", type=int, default=2000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--work", default=None)
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    sahifa = os.path.join(REPO, "target", "release", "sahifa")
    hugo = hugo_binary()
    work = tempfile.mkdtemp(prefix="sahifa-bench-images-", dir=args.work)
    try:
        corpus = os.path.join(work, "corpus")
        subprocess.run([sys.executable, GEN, "-n", str(args.articles), "-f", "raw", "-o", corpus,
                        "-q", "--newsroom", "--images"], check=True)
        site = corpus  # one format: the corpus folder is the site
        hsite, good = hugo_site(corpus, work)
        out = os.path.join(site, "public")
        cache = os.path.join(site, ".public.sahifa-images")
        hout = os.path.join(hsite, "public")
        hcache = os.path.join(hsite, "resources")
        runs = {k: [] for k in ("s-first", "s-same", "s-cached", "h-first", "h-same", "h-cached")}
        peaks = {"s": [], "h": []}
        for _ in range(args.runs):
            three_builds("s", [sahifa, "build"], site, out, cache, runs, peaks)
            three_builds("h", [hugo, "--quiet"], hsite, hout, hcache, runs, peaks)
        files = sum(len(f) for _, _, f in os.walk(os.path.join(out, "media")))
        hfiles = sum(1 for _, _, fs in os.walk(hout) for f in fs if f.endswith((".webp", ".png")))
        print("pictures: %d good (sahifa also meets the corpus's damaged and missing ones); "
              "widths %s in WebP q75 and PNG; median of %d runs, %d cores"
              % (good, ", ".join(map(str, WIDTHS)), args.runs, os.cpu_count()))
        print("%-7s %10s %10s %10s %9s %7s" % ("", "first s", "same s", "cached s", "peak MiB", "files"))
        for name, key, n in (("sahifa", "s", files), ("hugo", "h", hfiles)):
            print("%-7s %10.2f %10.2f %10.2f %9.0f %7d" % (
                name, median(runs[key + "-first"]), median(runs[key + "-same"]),
                median(runs[key + "-cached"]), max(peaks[key]) / 1024, n))
        print("first: no output, no cache; same: again, nothing changed; "
              "cached: empty output, picture cache kept")
        print("hugo / sahifa, first build: %.2fx" % (median(runs["h-first"]) / median(runs["s-first"])))
    finally:
        shutil.rmtree(work, ignore_errors=True)


if __name__ == "__main__":
    main()
