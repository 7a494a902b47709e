"""Shared fixtures. Corpus tests find ``../shared`` beside the checkout (or $NEWSLOOM_SHARED)."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def shared_root() -> Path:
    return Path(os.environ.get("NEWSLOOM_SHARED", ROOT.parent / "shared")).resolve()


@pytest.fixture(scope="session")
def shared_dir() -> Path:
    root = shared_root()
    if not (root / "data").is_dir():
        pytest.skip(f"shared corpus missing: expected ../shared/data beside the checkout (looked in {root});"
                    " set NEWSLOOM_SHARED to its location")
    return root


@pytest.fixture(scope="session")
def seeds_dir(shared_dir: Path) -> Path:
    return shared_dir / "seeds"
