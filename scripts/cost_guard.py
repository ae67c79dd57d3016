#!/usr/bin/env python3
"""The instruction-count guard: what a build costs, stage by stage, against a
committed budget.

Wall time on these machines drifts by ±15% within an hour and 3× between days;
instruction counts do not (two runs of one build agree to 0.1%). So each
corpus in benches/guard/corpus-1k.tar.xz (1,000 articles of ../shared's
gen.py, plain and newsroom, md and raw, committed so the guard never depends
on a generator that may change) is built from scratch under
`valgrind --tool=callgrind`, which dumps its counters after every call of
`sahifa::pipeline::stage_end` (the end of each `--timings` stage). The counts
are compared with benches/guard/budget.toml; a stage more than 3% over its
budget (and by more than a floor, so a stage of a few thousand instructions
does not fail on noise) fails the guard, as does a whole build more than 3%
over its total.

A change that truly needs more instructions raises the budget in the same
commit (`--update` rewrites the file from a run) and says why in the commit
message. A change that saves instructions should lower it the same way, so
the saving cannot be spent silently later.

    scripts/cost_guard.py [--binary target/release/sahifa] [--update] [--only plain-md]
"""
import argparse
import glob
import os
import re
import shutil
import subprocess
import sys
import tarfile
import tempfile
import tomllib

REPO = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
GUARD = os.path.join(REPO, "benches", "guard")
CORPUS = os.path.join(GUARD, "corpus-1k.tar.xz")
BUDGET = os.path.join(GUARD, "budget.toml")
SLACK = 0.03
# Stages below this many instructions over budget never fail: the smallest
# stages (a lock, a rename) vary by thousands of instructions with the
# threads' interleaving.
FLOOR = 2_000_000
PLAIN_SITE = 'base_url = "https://news.example/"\n'


def work_root():
    """tmpfs when there is one: the guard counts instructions, not disk time,
    but a faster disk makes the valgrind runs shorter."""
    shm = "/dev/shm"
    if os.path.isdir(shm) and os.access(shm, os.W_OK):
        return tempfile.mkdtemp(prefix="sahifa-guard-", dir=shm)
    return tempfile.mkdtemp(prefix="sahifa-guard-")


def unpack(work):
    with tarfile.open(CORPUS) as tar:
        tar.extractall(work, filter="data")
    sites = sorted(d for d in os.listdir(work) if os.path.isdir(os.path.join(work, d)))
    for name in sites:
        site = os.path.join(work, name)
        if name.startswith("plain-"):
            # The plain corpora are bare article folders: a site around them.
            content = os.path.join(site, "content")
            os.makedirs(content)
            for entry in os.listdir(site):
                if entry != "content":
                    shutil.move(os.path.join(site, entry), content)
            with open(os.path.join(site, "site.toml"), "w") as f:
                f.write(PLAIN_SITE)
    return sites


def count(binary, site, dumps):
    """Instructions of a clean `build` of `site`, per stage (in order) and
    for the whole process."""
    out = os.path.join(dumps, "cg.out")
    command = [
        "valgrind", "--tool=callgrind", "--dump-instr=no", "--compress-strings=no",
        "--dump-after=*pipeline::stage_end*", "--callgrind-out-file=" + out,
        binary, "build", "--timings",
    ]
    run = subprocess.run(command, cwd=site, capture_output=True, text=True)
    if run.returncode != 0:
        sys.exit("the build of %s failed under valgrind:\n%s%s" % (site, run.stdout, run.stderr[-3000:]))
    stages = re.findall(r"^  (\S.*?)\s+[0-9.]+ ms\s+[0-9.]+%$", run.stdout, re.M)
    parts = sorted(glob.glob(out + ".*"), key=lambda p: int(p.rsplit(".", 1)[1]))
    if len(parts) != len(stages):
        sys.exit("%d stage dumps but %d stages in --timings:\n%s" % (len(parts), len(stages), run.stdout))
    counts = {stage: summary(part) for stage, part in zip(stages, parts)}
    counts["exit"] = summary(out)
    total = sum(counts.values())
    for path in parts + [out]:
        os.remove(path)
    return counts, total


def summary(path):
    with open(path) as f:
        for line in f:
            if line.startswith("summary:"):
                return int(line.split()[1])
    sys.exit("no summary line in " + path)


def compare(site, counts, total, budget):
    """Lines of the report, and whether every figure is within budget."""
    ok = True
    lines = ["%s: %s instructions (budget %s, %s)" % (
        site, g(total), g(budget.get("total", 0)), ratio(total, budget.get("total")))]
    if total > budget.get("total", 0) * (1 + SLACK):
        ok = False
        lines[-1] += "  OVER BUDGET"
    stages = budget.get("stages", {})
    for stage, n in counts.items():
        limit = stages.get(stage)
        verdict = ""
        if limit is None:
            verdict = "  no budget (add it with --update)"
            ok = False
        elif n > limit * (1 + SLACK) and n - limit > FLOOR:
            verdict = "  OVER BUDGET"
            ok = False
        lines.append("  %-14s %14s  budget %14s  %s%s" % (
            stage, "{:,}".format(n), "{:,}".format(limit or 0), ratio(n, limit), verdict))
    return lines, ok


def ratio(n, limit):
    return "×%.3f" % (n / limit) if limit else "—"


def g(n):
    return "%.3f G" % (n / 1e9)


def write_budget(results):
    lines = [
        "# Instruction budgets of a clean `sahifa build` of each 1k corpus",
        "# (scripts/cost_guard.py; counts from callgrind, release build).",
        "# A stage may exceed its budget by 3%; raise a budget only in the",
        "# commit that needs it, saying why; lower it when a change saves.",
        "",
    ]
    for site, (counts, total) in results.items():
        lines.append("[%s]" % site)
        lines.append("total = %d" % total)
        lines.append("")
        lines.append("[%s.stages]" % site)
        for stage, n in counts.items():
            lines.append('"%s" = %d' % (stage, n))
        lines.append("")
    with open(BUDGET, "w") as f:
        f.write("\n".join(lines))


def main():
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--binary", default=os.path.join(REPO, "target", "release", "sahifa"))
    parser.add_argument("--update", action="store_true", help="rewrite the budget from this run")
    parser.add_argument("--only", help="one corpus (plain-md, plain-raw, newsroom-md, newsroom-raw)")
    parser.add_argument("--no-build", action="store_true", help="use the binary as it is")
    args = parser.parse_args()
    if shutil.which("valgrind") is None:
        sys.exit("valgrind is not installed (apt-get install valgrind)")
    if not args.no_build:
        subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=REPO, check=True)
    budget = {}
    if os.path.exists(BUDGET):
        with open(BUDGET, "rb") as f:
            budget = tomllib.load(f)
    work = work_root()
    try:
        results, ok = {}, True
        for site in unpack(work):
            if args.only and site != args.only:
                continue
            dumps = os.path.join(work, "dumps-" + site)
            os.makedirs(dumps)
            counts, total = count(os.path.abspath(args.binary), os.path.join(work, site), dumps)
            results[site] = (counts, total)
            lines, within = compare(site, counts, total, budget.get(site, {}))
            print("\n".join(lines), flush=True)
            ok = ok and within
    finally:
        shutil.rmtree(work, ignore_errors=True)
    if args.update:
        if args.only:
            merged = {k: (v.get("stages", {}), v.get("total", 0)) for k, v in budget.items()}
            merged.update(results)
            results = dict(sorted(merged.items()))
        write_budget(results)
        print("budget written to", os.path.relpath(BUDGET, REPO))
        return 0
    if not ok:
        print("cost guard: over budget (see above). If the cost is meant, raise the budget with "
              "scripts/cost_guard.py --update in the same commit and say why.")
        return 1
    print("cost guard: every build and stage within budget")
    return 0


if __name__ == "__main__":
    sys.exit(main())
