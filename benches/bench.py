#!/usr/bin/env python3
"""datamin benchmark: one run reports datamin's wall time and peak memory on a generated
corpus of support forms, the parse floor (the same files only read and parsed by the same
parsers, no rules), and Spectral with an equivalent ruleset when npx is available.

    python3 benches/bench.py [--forms 10000] [--runs 3] [--no-spectral] [--against REV|BINARY]

Prints the figures and the ratios, and each output format's time and peak memory. Times
are the best of --runs; memory is peak RSS (GNU time's %M). Nothing here asserts a number: benchmarks measure, tests check behaviour.

--against compares this build with another (a git revision, built in target/bench-against,
or a datamin binary) in the same run: check and floor of both, interleaved, --runs times
each, medians and their ratio. Wall times on a shared machine drift by a third from hour to
hour; only runs interleaved like this compare two builds fairly.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.dirname(HERE)


def timed(cmd, cwd=None, env=None):
    """(seconds, peak KiB, exit code) of one run under GNU time."""
    fmt = "%e %M"
    with tempfile.NamedTemporaryFile("r", suffix=".time") as t:
        p = subprocess.run(["/usr/bin/time", "-o", t.name, "-f", fmt] + cmd, cwd=cwd, env=env,
                           stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True)
        secs, kib = t.read().split()[-2:]
    return float(secs), int(kib), p.returncode


def best(cmd, runs, **kw):
    results = [timed(cmd, **kw) for _ in range(runs)]
    return min(r[0] for r in results), max(r[1] for r in results), results[-1][2]


def spectral_bin():
    if shutil.which("npx") is None:
        return None
    tools = os.path.join(ROOT, "target", "bench-tools")
    exe = os.path.join(tools, "node_modules", ".bin", "spectral")
    if not os.path.exists(exe):
        os.makedirs(tools, exist_ok=True)
        print("installing @stoplight/spectral-cli into target/bench-tools ...", flush=True)
        r = subprocess.run(["npm", "install", "--silent", "--no-audit", "--no-fund", "--prefix", tools,
                            "@stoplight/spectral-cli@6"], capture_output=True, text=True)
        if r.returncode != 0:
            print("  npm install failed:", r.stderr.strip()[:500])
            return None
    return exe


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--forms", type=int, default=10000)
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--no-spectral", action="store_true")
    ap.add_argument("--against", metavar="REV|BINARY",
                    help="compare with another build in the same run (interleaved medians)")
    args = ap.parse_args()

    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=ROOT, check=True)
    exe = os.path.join(os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target")), "release", "datamin")

    work = tempfile.mkdtemp(prefix="datamin-bench-")
    try:
        corpus = os.path.join(work, "corpus")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), corpus, str(args.forms)], check=True)
        small = os.path.join(work, "small")
        subprocess.run([sys.executable, os.path.join(HERE, "gen_corpus.py"), small, str(max(args.forms // 10, 1))],
                       check=True, stdout=subprocess.DEVNULL)
        one = os.path.join(small, "github", "form00001.yml")

        check = [exe, "check", "--format", "json", "--fail-on", "error", corpus]
        floor = [exe, "parse-only", corpus]
        # Warm the page cache once.
        timed(floor)
        t_dm, m_dm, code = best(check, args.runs)
        if code not in (0, 1):
            print(f"datamin exited {code}: the corpus has input errors")
        t_floor, m_floor, _ = best(floor, args.runs)
        t_small, m_small, _ = best([exe, "check", "--format", "json", small], args.runs)
        # The same runs with every rule off: what files cost, apart from findings.
        off = os.path.join(work, "rules-off.yaml")
        with open(off, "w") as f:
            f.write("rules:\n")
            for name in sorted(os.listdir(os.path.join(ROOT, "rules"))):
                if name.startswith("DM"):
                    f.write(f"  {name.split('-')[0]}: off\n")
        _, m_off_small, _ = best([exe, "check", "--config", off, "--format", "json", small], args.runs)
        _, m_off, _ = best([exe, "check", "--config", off, "--format", "json", corpus], args.runs)
        findings = count_findings(check)
        t_one = one_file(exe, one, 30)
        # A pre-commit run in a project that adopted datamin with a baseline of every finding
        # of the corpus: one file checked, the whole baseline read.
        baseline = os.path.join(work, "baseline.json")
        subprocess.run(check + ["--write-baseline", baseline], stdout=subprocess.DEVNULL,
                       stderr=subprocess.DEVNULL)
        t_one_bl = one_file(exe, one, 30, ["--baseline", baseline])
        _, m_one_bl, _ = best([exe, "check", "--baseline", baseline, one], args.runs)
        # One form whose texts are long: 8 MB of label, placeholder and description, each
        # thousands of sensitive terms and warnings (under the 10 MiB file limit). Time grows
        # with the text, not with its square: this took minutes before 2026-12-07.
        long_form = os.path.join(work, "long.yaml")
        words = " ".join(["Do not include your home address, e.g. your street. Seed phrase, "
                          "date of birth, passport and card number."] * 25000)
        with open(long_form, "w") as f:
            f.write("form: long\nnotice: x\nfields:\n  - id: address\n    type: textarea\n"
                    f"    max_length: 4\n    label: \"{words}\"\n    placeholder: \"{words}\"\n"
                    f"    description: \"{words}\"\n")
        t_long, m_long, _ = best([exe, "check", "--format", "json", long_form], args.runs)
        # Every output format on the same corpus: writing ~35,000 findings is a part of the
        # run, and each format's own.
        formats = [(fmt, best([exe, "check", "--format", fmt, "--fail-on", "error", corpus], args.runs))
                   for fmt in ("human", "json", "sarif", "github", "junit")]

        print()
        print(f"corpus: {args.forms} forms ({du(corpus)}), {os.cpu_count()} cores")
        print(f"datamin check     {t_dm:8.3f} s   peak {m_dm / 1024:7.1f} MiB")
        print(f"parse floor       {t_floor:8.3f} s   peak {m_floor / 1024:7.1f} MiB")
        print(f"datamin / floor   {t_dm / max(t_floor, 1e-3):8.2f} x   (target <= 1.5)")
        print(f"peak memory, {args.forms // 10} forms -> {args.forms} forms: "
              f"{m_small / 1024:.1f} -> {m_dm / 1024:.1f} MiB ({findings} findings)")
        print(f"  every rule off: {m_off_small / 1024:.1f} -> {m_off / 1024:.1f} MiB "
              f"({(m_off - m_off_small) * 1024 / max(args.forms - args.forms // 10, 1):.0f} bytes a file)")
        print(f"one file          {t_one * 1000:8.1f} ms  (best of 30; target < 20 ms)")
        print(f"  with a baseline of the corpus' {findings} findings: {t_one_bl * 1000:.1f} ms, "
              f"peak {m_one_bl / 1024:.1f} MiB")
        print(f"one form of long texts ({os.path.getsize(long_form) / 1e6:.1f} MB): {t_long * 1000:.0f} ms, peak {m_long / 1024:.1f} MiB")
        print("each output format, the whole corpus:")
        for fmt, (t, m, _) in formats:
            print(f"  --format {fmt:8} {t:8.3f} s   peak {m / 1024:7.1f} MiB")

        if args.against:
            other = against_bin(args.against)
            compare({"this build": exe, args.against: other}, corpus, args.runs)

        if not args.no_spectral:
            sp = spectral_bin()
            if sp is None:
                print("spectral          skipped (no npx, or install failed)")
            else:
                ruleset = os.path.join(HERE, "spectral.yaml")
                cmd = [sp, "lint", "--ruleset", ruleset, "--quiet", "--format", "json",
                       os.path.join(corpus, "**", "*.json"), os.path.join(corpus, "**", "*.yml")]
                t_sp, m_sp, _ = timed(cmd)
                print(f"spectral          {t_sp:8.3f} s   peak {m_sp / 1024:7.1f} MiB")
                print(f"spectral / datamin {t_sp / max(t_dm, 1e-3):7.1f} x   (target >= 30)")
    finally:
        shutil.rmtree(work, ignore_errors=True)


def against_bin(spec):
    """A datamin binary: `spec` itself, or git revision `spec` built in target/bench-against."""
    if os.path.isfile(spec):
        return os.path.abspath(spec)
    tree = os.path.join(ROOT, "target", "bench-against", "tree")
    subprocess.run(["git", "worktree", "remove", "--force", tree], cwd=ROOT, capture_output=True)
    subprocess.run(["git", "worktree", "add", "--force", "--detach", tree, spec], cwd=ROOT, check=True,
                   capture_output=True)
    target = os.path.join(ROOT, "target", "bench-against", "target")
    print(f"building {spec} for --against ...", flush=True)
    subprocess.run(["cargo", "build", "--release", "--quiet"], cwd=tree, check=True,
                   env=dict(os.environ, CARGO_TARGET_DIR=target))
    return os.path.join(target, "release", "datamin")


def compare(builds, corpus, runs):
    """check and floor of each build, interleaved; medians and check/floor ratios."""
    import statistics
    import time
    times = {name: {"check": [], "floor": []} for name in builds}
    for _ in range(max(runs, 5)):
        for name, exe in builds.items():
            for kind, cmd in (("check", [exe, "check", "--format", "json", corpus]),
                              ("floor", [exe, "parse-only", corpus])):
                t = time.perf_counter()
                subprocess.run(cmd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
                times[name][kind].append(time.perf_counter() - t)
    print(f"interleaved, medians of {max(runs, 5)}:")
    for name, t in times.items():
        c, f = statistics.median(t["check"]), statistics.median(t["floor"])
        print(f"  {name:20.20} check {c:7.3f} s   floor {f:7.3f} s   ratio {c / f:5.2f} x")


def count_findings(cmd):
    import json
    out = subprocess.run(cmd, stdout=subprocess.PIPE, stderr=subprocess.DEVNULL).stdout
    try:
        return len(json.loads(out)["findings"])
    except (ValueError, KeyError):
        return "?"


def one_file(exe, path, runs, extra=()):
    """Best wall time of `datamin check [EXTRA] FILE`, timed here (GNU time rounds to 10 ms)."""
    import time
    times = []
    for _ in range(runs):
        t = time.perf_counter()
        subprocess.run([exe, "check", *extra, path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        times.append(time.perf_counter() - t)
    return min(times)


def du(path):
    total = 0
    for d, _, files in os.walk(path):
        total += sum(os.path.getsize(os.path.join(d, f)) for f in files)
    return f"{total / 1e6:.1f} MB"


if __name__ == "__main__":
    main()
