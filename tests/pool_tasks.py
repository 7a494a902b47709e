"""Functions for worker processes in tests (importable by name in a worker process, as a pool's task must be)."""

from __future__ import annotations

import os

MARKER = b"KILL-THE-WORKER"


def crash_on_marker(docs):
    """What a pool's workers run, but a worker dies outright on a document holding ``MARKER`` (as a
    segfault in a parser or the kernel's out-of-memory killer would end it)."""
    from newsloom.prepare import _prepare_in_worker

    if any(MARKER in (doc.body or b"") for doc in docs):
        os._exit(3)
    return _prepare_in_worker(docs)
