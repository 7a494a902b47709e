"""The one place that knows the order of the stages.

    FetchedDocument --extract--> Article --policy--> --trace--> Relations, Provenance
                    --stories--> StoryAssignment --store--> (one transaction per article)

Each stage is a plain function or class from its own package; this module only wires them,
turns every failure into a per-item result (``ItemResult``) and writes each article with
everything derived from it in one transaction, so a crash never leaves half an article.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime, timezone
from typing import Callable, Iterable, Iterator

from .errors import NewsloomError
from .extract import extract_article
from .model import Article, FetchedDocument

__all__ = ["ItemResult", "Pipeline"]


def _utcnow() -> datetime:
    return datetime.now(timezone.utc)


@dataclass(frozen=True, slots=True)
class ItemResult:
    """What happened to one input: stored, duplicate, suppressed (takedown) or error."""

    subject: str
    status: str
    article_id: str | None = None
    story_id: str | None = None
    title: str | None = None
    message: str = ""

    @property
    def ok(self) -> bool:
        return self.status != "error"


class Pipeline:
    """Runs documents through every stage into ``store``.

    ``tracer`` and ``clusterer`` are the stage objects (built from the store when omitted);
    ``clock`` supplies "now" so that runs are reproducible in tests.
    """

    def __init__(self, store, *, tracer=None, clusterer=None, clock: Callable[[], datetime] = _utcnow) -> None:
        self.store = store
        self.clock = clock
        self.tracer = tracer
        self.clusterer = clusterer

    # -- public ---------------------------------------------------------------------------
    def run(self, items: Iterable[FetchedDocument | NewsloomError]) -> Iterator[ItemResult]:
        for item in items:
            yield self.process(item)

    def process(self, item: FetchedDocument | NewsloomError) -> ItemResult:
        if isinstance(item, NewsloomError):
            return self._failed(item, stage="read")
        try:
            article = extract_article(item)
        except NewsloomError as exc:
            return self._failed(exc, stage="extract", subject=item.url)
        return self.add_article(article, subject=item.url)

    def add_article(self, article: Article, *, subject: str | None = None) -> ItemResult:
        subject = subject or article.url or article.id
        if self.store.has_article(article.id):
            return ItemResult(subject, "duplicate", article.id, self._story_of(article.id), article.title)
        if self.store.is_taken_down(article.url) or self.store.is_taken_down(article.canonical_url):
            return ItemResult(subject, "suppressed", article.id, None, article.title,
                              "a takedown request covers this URL")
        try:
            story_id = self._store_article(article)
        except NewsloomError as exc:
            return self._failed(exc, stage="store", subject=subject)
        return ItemResult(subject, "stored", article.id, story_id, article.title)

    # -- stages ---------------------------------------------------------------------------
    def _store_article(self, article: Article) -> str | None:
        trace = self.tracer.trace(article) if self.tracer else None
        assignment = self.clusterer.assign(article, trace=trace) if self.clusterer else None
        with self.store.transaction():
            self.store.put_article(article)
            if trace is not None:
                self.tracer.save(trace)
            if assignment is not None:
                self.clusterer.save(assignment)
        if trace is not None:
            self.tracer.commit(article, trace)
        if assignment is not None:
            self.clusterer.commit(assignment)
        return assignment.story_id if assignment is not None else None

    def _story_of(self, article_id: str) -> str | None:
        return self.clusterer.story_of(article_id) if self.clusterer else None

    def _failed(self, exc: NewsloomError, *, stage: str, subject: str | None = None) -> ItemResult:
        subject = exc.subject or subject or "?"
        self.store.record_error(stage=stage, subject=subject, message=exc.message, at=self.clock())
        return ItemResult(subject, "error", message=f"{stage}: {exc.message}")
