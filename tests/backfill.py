"""A made-up backfill for the tests of ingest outside the ingesting process (worker processes, Spark): pages
of several topics, a reprint, inputs that fail (nothing to extract, not text, missing), and what a store holds
after an ingest of them (results, articles, stories, provenance, recorded errors), to compare two ways of
ingesting."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from datetime import UTC, datetime
from html import escape
from pathlib import Path

from newsloom.config import Settings
from newsloom.core import open_newsloom

NOW = datetime(2022, 2, 17, 12, tzinfo=UTC)
TOPICS = ["harbour cranes", "library roof", "ferry timetable", "bakery prices", "tram depot", "river flood"]


def page(n: int, extra: str = "") -> bytes:
    """A made-up article page about one of ``TOPICS`` (``extra``: one more paragraph)."""
    topic = TOPICS[n % len(TOPICS)]
    paras = [(f"Officials in district {n} presented a plan for the {topic} on Tuesday, saying work would start "
             f"in spring and cost about {n + 3} million."),
             (f"Residents of district {n} asked questions about the {topic} for two hours, and the mayor, Ann "
             f"Lee, said: “We will listen to every one of you before the vote on the {topic}.”"),
             f"A second meeting on the {topic} of district {n} is planned for June."]
    if extra:
        paras.append(extra)
    body = "".join(f"<p>{escape(p)}</p>" for p in paras)
    return (f"<html><head><title>Plan for the {topic} {n}</title></head><body><article><h1>Plan for the {topic}"
            f" {n}</h1>{body}</article></body></html>").encode()


def backfill_inputs(tmp_path: Path, seeds_dir: Path) -> list[Path]:
    """The seeds, 40 pages, a reprint of one, a page with nothing to extract, one that is not text, in a folder of
    ``tmp_path``; then a missing file: 44 inputs, 3 of them failing."""
    folder = tmp_path / "in"
    folder.mkdir()
    for name in sorted(p.name for p in seeds_dir.iterdir()):
        shutil.copy(seeds_dir / name, folder / name)
    for n in range(40):
        (folder / f"p{n:02d}.html").write_bytes(page(n))
    (folder / "p90-reprint.html").write_bytes(page(3, "The plan will be published online, a spokesman added."))
    (folder / "p91-empty.html").write_bytes(b"<html><body><nav>Home</nav></body></html>")  # nothing to extract
    (folder / "p92-binary.html").write_bytes(b"\x00\x01\x02" * 100)  # not text at all
    return [folder / name for name in sorted(p.name for p in folder.iterdir())] + [tmp_path / "missing.html"]


def snapshot(tmp_path: Path, name: str, ingest: Callable) -> tuple:
    """What a fresh store (``name`` under ``tmp_path``, clock at ``NOW``) holds after ``ingest(nl)`` (which returns
    the ingest's results): the results, and the stored articles, their stories and provenance, the recorded
    errors."""
    nl = open_newsloom(Settings(data_dir=tmp_path / name), clock=lambda: NOW)
    try:
        results = ingest(nl)
        ids = [r.article_id for r in results if r.article_id]
        stored = {a.id: (a.title, a.text, a.published) for a in nl.store.get_articles(ids)}
        stories = {aid: nl.store.story_of(aid) for aid in ids}
        provenance = nl.provenance_of(ids)
        errors = sorted((e[2], e.subject, e.message) for e in nl.store.list_errors(limit=0))  # (stage, subject, message)
    finally:
        nl.close()
    return [(r.status, r.subject, r.article_id, r.story_id, r.message) for r in results], stored, stories, \
        provenance, errors
