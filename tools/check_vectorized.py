#!/usr/bin/env python3
"""Fail unless every loop marked "// vectorized" in plinth/dsp is reported vectorized.

A marker is a comment line directly above a loop:
    // vectorized: <what>           g++ and clang must both vectorize the next line's loop
    // vectorized (g++): <what>     g++ only (clang:  "(clang)")
The docs (docs/dsp/*.md) only call a loop vectorized if it carries a marker.

Usage: tools/check_vectorized.py SOURCE_ROOT TRANSLATION_UNIT COMPILER [COMPILER...]
Each compiler compiles the translation unit (which must instantiate every marked loop) at
-O3 with its vectorizer report (g++ -fopt-info-vec-optimized, clang -Rpass=loop-vectorize);
a marked loop passes if the report names its line (or the line after, where a compiler
places a two-line loop). Prints one row per marker and compiler.
"""
import os
import re
import subprocess
import sys

MARKER = re.compile(r"^\s*//\s*vectorized(?:\s*\((g\+\+|clang)\))?:\s*(.+)$")
GCC_REPORT = re.compile(r"^(.+?):(\d+):\d+: optimized: loop vectorized")
CLANG_REPORT = re.compile(r"^(.+?):(\d+):\d+: remark: vectorized loop")


def markers(paths):
    found = []
    for path in paths:
        with open(path, encoding="utf-8") as f:
            lines = f.read().splitlines()
        for i, line in enumerate(lines):
            m = MARKER.match(line)
            if not m:
                continue
            loop = i + 2  # 1-based line of the loop below the marker
            if loop > len(lines) or not re.match(r"^\s*for\s*\(", lines[loop - 1]):
                sys.exit(f"{path}:{i + 1}: a vectorized marker must sit directly above a for loop")
            found.append((os.path.realpath(path), loop, m.group(1), m.group(2).strip()))
    return found


def main():
    if len(sys.argv) < 4:
        print(__doc__, file=sys.stderr)
        return 2
    root, tu, compilers = sys.argv[1], sys.argv[2], sys.argv[3:]
    dsp = os.path.join(root, "plinth", "dsp")
    headers = sorted(os.path.join(dsp, f) for f in os.listdir(dsp) if f.endswith(".h"))
    marked = markers(headers + [tu])
    if not marked:
        sys.exit("no vectorized markers found")
    failures = 0
    for cxx in compilers:
        version = subprocess.run([cxx, "--version"], capture_output=True, text=True, check=True).stdout
        kind = "clang" if "clang" in version else "g++"
        report_flag = "-Rpass=loop-vectorize" if kind == "clang" else "-fopt-info-vec-optimized"
        pattern = CLANG_REPORT if kind == "clang" else GCC_REPORT
        cmd = [cxx, "-std=c++20", "-O3", "-DNDEBUG", "-I", root, report_flag, "-c", tu, "-o", os.devnull]
        run = subprocess.run(cmd, capture_output=True, text=True, cwd=root)
        if run.returncode != 0:
            print(run.stderr, file=sys.stderr)
            sys.exit(f"{cxx}: compile failed")
        reported = set()
        for line in (run.stdout + run.stderr).splitlines():
            m = pattern.match(line)
            if m:
                reported.add((os.path.realpath(os.path.join(root, m.group(1))), int(m.group(2))))
        for path, loop, only, what in marked:
            if only and only != kind:
                continue
            ok = (path, loop) in reported or (path, loop + 1) in reported
            failures += not ok
            rel = os.path.relpath(path, root)
            print(f"{'ok  ' if ok else 'FAIL'} {cxx:12} {rel}:{loop}  {what}")
    if failures:
        print(f"{failures} marked loop(s) not vectorized", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
