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


HANG = b"HANG-THE-WORKER:"


def hang_on_marker(docs):
    """What a pool's workers run, but a document holding ``HANG`` and a file's path after it ('HANG-THE-WORKER:
    /tmp/x|') makes its worker write its process id to that file and hang, deaf to SIGINT and SIGTERM (as a
    parser stuck in C code is); the other documents are prepared as usual."""
    import signal
    import time

    for doc in docs:
        body = doc.body or b""
        if HANG in body:
            signal.signal(signal.SIGINT, signal.SIG_IGN)
            signal.signal(signal.SIGTERM, signal.SIG_IGN)
            path = body.split(HANG, 1)[1].split(b"|", 1)[0].decode()
            with open(path, "w", encoding="ascii") as flag:
                flag.write(str(os.getpid()))
            while True:
                time.sleep(1)
    return crash_on_marker(docs)
