"""Write one benchmark's results into its own section of docs/benchmarks.md.

Each benchmark owns a section delimited by ``<!-- bench:NAME -->`` / ``<!-- /bench:NAME -->``;
re-running it replaces only that section, so benchmarks can run in any order.
"""

from __future__ import annotations

import os
import platform
import re
import subprocess
import sys
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DOC = ROOT / "docs" / "benchmarks.md"
HEADER = (
    "# Benchmarks\n\n"
    "Every figure below was written by the benchmark itself (`make bench`, or the command shown in\n"
    "its section), together with the machine it ran on. Nothing here is typed in by hand.\n"
)


def machine() -> str:
    cpu = platform.processor() or platform.machine()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = ""
    try:
        kb = int(Path("/proc/meminfo").read_text().split()[1])
        mem = f", {kb / 1024 / 1024:.0f} GiB RAM"
    except (OSError, ValueError, IndexError):
        pass
    return f"{cpu}, {os.cpu_count()} cores{mem}, Python {platform.python_version()}, {platform.system()}"


def commit() -> str:
    try:
        return subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=ROOT, capture_output=True,
                              text=True, check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return "unknown"


def write_section(name: str, title: str, body: str, *, command: str | None = None) -> None:
    """Replace (or append) the section ``name`` of docs/benchmarks.md; with ``--quick`` (a smoke run of small
    inputs) print it only, so that the published figures stay those of full runs."""
    command = command or "python " + " ".join([Path(sys.argv[0]).name, *sys.argv[1:]])
    stamp = datetime.now(UTC).strftime("%Y-%m-%d %H:%M UTC")
    section = (
        f"<!-- bench:{name} -->\n## {title}\n\n"
        f"- command: `{command}`\n- date: {stamp}, commit {commit()}\n- machine: {machine()}\n\n"
        f"{body.rstrip()}\n<!-- /bench:{name} -->\n"
    )
    if "--quick" in sys.argv[1:]:
        print(f"--quick: {DOC.name} left as it is; this run's section:\n{section}")
        return
    DOC.parent.mkdir(parents=True, exist_ok=True)
    text = DOC.read_text(encoding="utf-8") if DOC.exists() else HEADER
    pattern = re.compile(rf"<!-- bench:{re.escape(name)} -->.*?<!-- /bench:{re.escape(name)} -->\n", re.DOTALL)
    if pattern.search(text):
        text = pattern.sub(lambda _m: section, text)
    else:
        text = text.rstrip("\n") + "\n\n" + section
    DOC.write_text(text, encoding="utf-8")
