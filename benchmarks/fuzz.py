"""A long fuzz run: the suite of tests/fuzz with many more cases, every fault written down rather than stopping.

    python benchmarks/fuzz.py [--scale 20] [--database-url postgresql://…]

Prints the cases run per kind of route and the faults found, grouped by route and error, with one example each.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import subprocess
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--scale", type=float, default=20, help="cases per route and role, times the suite's own")
    parser.add_argument("--database-url", default="", help="PostgreSQL to fuzz on (default: a fresh SQLite file)")
    options = parser.parse_args()
    record = Path(tempfile.mkdtemp(prefix="learnpm-fuzz-")) / "faults.jsonl"
    env = {**os.environ, "LEARNPM_FUZZ_EXAMPLES": str(options.scale), "LEARNPM_FUZZ_RECORD": str(record),
           "LEARNPM_FUZZ_SHRINK": "0", "PYTHONPATH": str(ROOT)}
    if options.database_url:
        env["LEARNPM_TEST_DATABASE_URL"] = options.database_url
    started = time.perf_counter()
    run = subprocess.run([sys.executable, "-m", "pytest", "-q", "-p", "no:logging", "tests/fuzz"], cwd=ROOT, env=env,
                         capture_output=True, text=True)
    seconds = time.perf_counter() - started
    summary = next((line for line in run.stdout.splitlines() if line.startswith("fuzz cases:")), "fuzz cases: none")
    print(f"{summary} in {seconds:.0f} s")
    faults = [json.loads(line) for line in record.read_text().splitlines()] if record.exists() else []
    groups = Counter((re.sub(r"/\d+|/[^/ ]{20,}", "/…", fault["case"].split(" as ")[0].split("?")[0]),
                      fault["fault"].splitlines()[0][:140]) for fault in faults)
    print(f"faults: {len(faults)} in {len(groups)} groups")
    for (where, fault), count in groups.most_common():
        print(f"{count:6}  {where}  {fault}")
    if run.returncode and not faults:
        print(run.stdout[-3000:], run.stderr[-3000:])
    return 1 if faults or run.returncode else 0


if __name__ == "__main__":
    raise SystemExit(main())
