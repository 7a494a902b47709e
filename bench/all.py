"""Run every benchmark in bench/ (each writes its own section of docs/benchmarks.md).

    make bench            # the full runs
    .venv/bin/python -m bench.all --quick
"""

from __future__ import annotations

import argparse
import importlib
import sys
import time

BENCHMARKS = ("ingest", "backfill", "extract", "sources", "trace", "stories", "reload", "compare")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--quick", action="store_true", help="small runs of every benchmark")
    parser.add_argument("names", nargs="*", default=list(BENCHMARKS), help="which benchmarks to run")
    args = parser.parse_args(argv)
    failed = []
    for name in args.names:
        module = importlib.import_module(f"bench.{name}")
        print(f"== bench.{name}", flush=True)
        start = time.perf_counter()
        try:
            module.main(["--quick"] if args.quick else [])
        except SystemExit as exc:  # a benchmark that cannot run says why and exits
            if exc.code not in (0, None):
                failed.append(f"{name}: {exc.code}")
        print(f"== bench.{name} done in {time.perf_counter() - start:.0f}s", flush=True)
    for line in failed:
        print("failed:", line, file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
