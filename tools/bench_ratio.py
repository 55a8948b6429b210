#!/usr/bin/env python3
"""Run a Google Benchmark binary and print plinth/reference time ratios.

Benchmarks come in pairs named BM_<Kernel>_plinth and BM_<Kernel>_reference (optionally
with /args); the ratio is plinth time over reference time, so below 1.0 is faster.
Usage: tools/bench_ratio.py BENCH_BINARY [extra benchmark flags...]
Exits 1 if any plinth kernel is slower than its reference by more than --tolerance.
"""
import json
import statistics
import subprocess
import sys


def main() -> int:
    args = sys.argv[1:]
    tolerance = 1.10
    if "--tolerance" in args:
        i = args.index("--tolerance")
        tolerance = float(args[i + 1])
        del args[i:i + 2]
    if not args:
        print(__doc__, file=sys.stderr)
        return 2
    out = subprocess.run(args + ["--benchmark_format=json"], check=True, capture_output=True, text=True).stdout
    # With --benchmark_repetitions each kernel runs several times: take the median.
    samples = {}
    for b in json.loads(out)["benchmarks"]:
        if b.get("run_type", "iteration") == "iteration":
            samples.setdefault(b.get("run_name", b["name"]), []).append(b["real_time"])
    runs = {name: {"real_time": statistics.median(times)} for name, times in samples.items()}
    worst = 0.0
    print(f"{'kernel':50} {'plinth ns':>12} {'reference ns':>13} {'ratio':>7}")
    for name, bench in sorted(runs.items()):
        if "_plinth" not in name:
            continue
        ref = runs.get(name.replace("_plinth", "_reference"))
        if ref is None:
            continue
        ratio = bench["real_time"] / ref["real_time"]
        worst = max(worst, ratio)
        kernel = name.replace("BM_", "").replace("_plinth", "")
        print(f"{kernel:50} {bench['real_time']:12.1f} {ref['real_time']:13.1f} {ratio:7.3f}")
    print(f"worst ratio {worst:.3f} (tolerance {tolerance})")
    return 0 if worst <= tolerance else 1


if __name__ == "__main__":
    sys.exit(main())
