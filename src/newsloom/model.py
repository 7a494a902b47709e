"""newsloom's data model: small frozen dataclasses that flow between the stages.

The flow, each type named for the stage that makes it::

    Source --(sources)--> FeedItem / FetchedDocument --(extract)--> Article
    Article --(trace)--> Relation, Provenance
    Article --(stories)--> StoryAssignment, Story
    Story + Articles --(compare)--> Coverage

All datetimes are timezone-aware, in UTC, except an article's ``published`` and ``modified``, which keep
the offset its page declared ("22:30-04:00": the same moment, and the publisher's calendar date). Collections are tuples so that every value is
hashable and immutable; stages return new objects and never mutate their inputs.
"""

from __future__ import annotations

import hashlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from enum import Enum

from .dates import day_only

__all__ = [
    "EARLIEST_PUBLISHED",
    "PUBLISHED_SLACK",
    "AlignedPair",
    "AlignedStatement",
    "Article",
    "ChainLink",
    "Coverage",
    "Credit",
    "Evidence",
    "FeedItem",
    "FetchedDocument",
    "PrimarySource",
    "Provenance",
    "Quote",
    "Relation",
    "RelationKind",
    "SharedNumber",
    "Source",
    "SourceCoverage",
    "SourceLabel",
    "SourceState",
    "SpeakerStatements",
    "Story",
    "StoryAssignment",
    "TakedownRequest",
    "WireCredit",
    "content_hash",
    "normalise_text",
    "plausible_published",
    "source_health",
]



def normalise_text(text: str) -> str:
    """Case-folded text with all whitespace runs collapsed: the basis of exact-duplicate keys."""
    return " ".join(text.casefold().split())


def content_hash(text: str) -> str:
    """Stable hex digest of the normalised text (exact-duplicate key)."""
    return hashlib.sha256(normalise_text(text).encode("utf-8")).hexdigest()


#: a stated publication time may lie this far after the article's own fetch time (clock skew) and be believed
PUBLISHED_SLACK = timedelta(hours=1)
#: publication times before this are not believed (the bogus values pages carry: 1970-01-01, year 1),
#: the same lower bound the extractor applies (``newsloom.extract.dates.sane``)
EARLIEST_PUBLISHED = datetime(1995, 1, 1, tzinfo=UTC)


def plausible_published(published: datetime | None, fetched_at: datetime | None) -> bool:
    """Can a page's stated publication time be believed? Not before ``EARLIEST_PUBLISHED``, and not
    later than the page's own fetch time plus ``PUBLISHED_SLACK``: a page cannot have been published
    after it was fetched, so such a time comes from a wrong clock or time zone and says nothing about
    who published first. A date known only to the day (stored at midnight UTC) names a local calendar
    day, which begins up to 14 hours before midnight UTC: it is too late only if that earliest moment is."""
    if published is None:
        return False
    if published < EARLIEST_PUBLISHED:
        return False
    if fetched_at is None:
        return True
    earliest = published - timedelta(hours=14) if day_only(published) else published
    return earliest <= fetched_at + PUBLISHED_SLACK


# --------------------------------------------------------------------------- sources


@dataclass(frozen=True, slots=True)
class Source:
    """Something newsloom gathers from: a feed, an OPML list, a sitemap, a page, a WARC file."""

    url: str
    kind: str = "feed"  # feed | sitemap | page | warc | text | opml
    title: str | None = None
    id: int | None = None
    interval_s: int = 1800
    enabled: bool = True


@dataclass(frozen=True, slots=True)
class SourceState:
    """Health and scheduling state of one source, persisted across restarts."""

    source_id: int
    etag: str | None = None
    last_modified: str | None = None
    last_attempt: datetime | None = None
    last_success: datetime | None = None
    last_error: str | None = None
    consecutive_failures: int = 0
    items_per_day: float = 0.0
    next_poll: datetime | None = None
    healthy: bool = True
    gone_answers: int = 0  # of those failures, the latest in a row that answered 404, 401, 403 or 451


def source_health(source: Source, state: SourceState) -> str:
    """One word for a source's health, as the CLI and the web show it: disabled, unhealthy (too many
    failures in a row), failing (the last poll failed), ok, or new (never polled successfully)."""
    if not source.enabled:
        return "disabled"
    if not state.healthy:
        return "unhealthy"
    if state.consecutive_failures:
        return "failing"
    return "ok" if state.last_success else "new"


@dataclass(frozen=True, slots=True)
class FeedItem:
    """One entry of a feed or sitemap, before its page is fetched."""

    url: str | None
    guid: str | None = None
    title: str | None = None
    summary: str | None = None
    content_html: str | None = None
    published: datetime | None = None
    updated: datetime | None = None
    authors: tuple[str, ...] = ()
    source_url: str | None = None


@dataclass(frozen=True, slots=True)
class FetchedDocument:
    """Raw bytes of one page or text as gathered, with everything known about where it came from.

    ``hints`` carries values known before extraction (from a feed entry or a .jsonl line:
    ``title``, ``published``, ``author``, ``external_id``, ``source``); the extractor
    reconciles them with what the page itself says and records which one it used.
    """

    url: str
    body: bytes
    content_type: str = "text/html"
    fetched_at: datetime | None = None
    requested_url: str | None = None
    status: int = 200
    headers: Mapping[str, str] = field(default_factory=dict)
    encoding: str | None = None
    source: str | None = None
    hints: Mapping[str, str] = field(default_factory=dict)


# --------------------------------------------------------------------------- extract


@dataclass(frozen=True, slots=True)
class Credit:
    """An attribution line found in the text.

    ``kind`` is one of: byline, reporting, editing, contributed, reported_from, copyright,
    dateline, photo, poster (the name an aggregator posts under), disclaimer (the sentence in which an
    automatic aggregator says it republishes machine-wise: the evidence for ``Article.automated``).
    """

    kind: str
    text: str
    names: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class WireCredit:
    """A wire agency whose text this article carries, with the string that shows it."""

    agency: str  # canonical short name: AP, Reuters, AFP, dpa, PA, UPI, Xinhua, Bloomberg, ANI, PTI...
    evidence: str
    how: str  # dateline | credit | copyright | byline | meta


@dataclass(frozen=True, slots=True)
class Article:
    """A cleaned article: the unit that is stored, traced, clustered and compared.

    ``id`` is stable: derived from the canonical URL when there is one, else from the
    content hash, so that ingesting the same input twice yields the same id.
    ``text`` holds paragraphs separated by blank lines. ``field_sources`` says where each
    metadata field came from (json-ld, meta, opengraph, url, feed, text, htmldate...).
    """

    id: str
    title: str
    text: str
    url: str | None = None
    canonical_url: str | None = None
    external_id: str | None = None
    source: str | None = None  # the outlet: site name or host
    site_name: str | None = None
    authors: tuple[str, ...] = ()
    published: datetime | None = None
    modified: datetime | None = None
    fetched_at: datetime | None = None
    lang: str | None = None
    description: str | None = None
    image: str | None = None
    paywalled: bool | None = None
    robots: tuple[str, ...] = ()
    dateline: str | None = None
    credits: tuple[Credit, ...] = ()
    wire: tuple[WireCredit, ...] = ()
    links: tuple[str, ...] = ()
    automated: bool = False  # an "automatic aggregator" says it republishes machine-wise
    field_sources: Mapping[str, str] = field(default_factory=dict)
    content_hash: str = ""

    @property
    def paragraphs(self) -> list[str]:
        return [p for p in self.text.split("\n\n") if p.strip()]

    @property
    def stated_published(self) -> datetime | None:
        """``published`` when it can be believed, else None (see ``plausible_published``)."""
        return self.published if plausible_published(self.published, self.fetched_at) else None

    @property
    def first_seen(self) -> datetime | None:
        """The earliest moment the article is known to have been public: its stated publication time
        when that is plausible, else (or when it was fetched earlier still) its fetch time. Which of two
        articles came first is decided pairwise by ``newsloom.trace.order``, not by this value alone."""
        times = [t for t in (self.stated_published, self.fetched_at) if t is not None]
        return min(times) if times else None


# --------------------------------------------------------------------------- trace


class RelationKind(str, Enum):
    IDENTICAL = "identical"
    REPRINT = "reprint"
    EXCERPT = "excerpt"
    REWRITE = "rewrite"
    INDEPENDENT = "independent"


@dataclass(frozen=True, slots=True)
class AlignedPair:
    """A sentence of the copy aligned with a sentence of the original."""

    copy_sentence: str
    original_sentence: str
    similarity: float


@dataclass(frozen=True, slots=True)
class Evidence:
    aligned: tuple[AlignedPair, ...] = ()
    shared_quotes: tuple[str, ...] = ()
    credits: tuple[str, ...] = ()
    canonical_link: str | None = None
    jaccard: float | None = None
    containment: float | None = None
    semantic: float | None = None
    copy_first_seen: datetime | None = None
    original_first_seen: datetime | None = None
    notes: tuple[str, ...] = ()


@dataclass(frozen=True, slots=True)
class Relation:
    """``copy_id`` is a ``kind`` of ``original_id`` (or independent of it)."""

    copy_id: str
    original_id: str
    kind: RelationKind
    score: float
    evidence: Evidence = Evidence()


@dataclass(frozen=True, slots=True)
class PrimarySource:
    """Who first published the text: a wire agency, an outlet, or an article in the store."""

    name: str
    kind: str  # wire | outlet
    article_id: str | None = None
    url: str | None = None
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class ChainLink:
    """One step from an article back towards its primary source."""

    name: str
    article_id: str | None = None
    url: str | None = None
    relation: str = ""  # how the previous link relates to this one: reprint, rewrite, credits... (the first
    # link of an automatic aggregator's copy says what the aggregator itself did, e.g. "automated republication")
    automated: bool = False
    evidence: str = ""


@dataclass(frozen=True, slots=True)
class Provenance:
    article_id: str
    primary: PrimarySource
    chain: tuple[ChainLink, ...] = ()  # from the article (first) to the primary source (last)
    is_copy: bool = False
    automated: bool = False


# --------------------------------------------------------------------------- stories


@dataclass(frozen=True, slots=True)
class StoryAssignment:
    """Why an article is in its story."""

    article_id: str
    story_id: str
    score: float
    new_story: bool = False
    shared_terms: tuple[str, ...] = ()
    shared_entities: tuple[str, ...] = ()
    reason: str = ""  # similarity | new | copy-of:<article> | auto-merge:<story> | auto-split:<story> | user-merge | user-split
    # the pair model's probability that the article reports the story's event, when the model decided:
    # for a join by similarity, the story's; for a new story, the closest open story's, which fell short
    # of the join level (``score`` is the weighted similarity); None otherwise and in older records
    probability: float | None = None


@dataclass(frozen=True, slots=True)
class Story:
    id: str
    title: str
    article_ids: tuple[str, ...] = ()
    summary: str = ""
    first_seen: datetime | None = None
    last_updated: datetime | None = None
    n_sources: int = 0
    entities: tuple[str, ...] = ()
    closed: bool = False


# --------------------------------------------------------------------------- compare


@dataclass(frozen=True, slots=True)
class Quote:
    text: str
    speaker: str | None
    article_id: str
    sentence: str = ""
    label: str = ""  # whose words these are, as a reader should see it (set by the compare stage): the
    # label of its source's text ('AP (via USTimeToday)'), or the outlet that adds it to the text it
    # copies ('USTimeToday (adds to AP's text)')
    fragment: bool = False  # a few words quoted inside the writer's own sentence (called it "a clear
    # violation"), not a statement quoted whole


@dataclass(frozen=True, slots=True)
class SourceCoverage:
    article_id: str
    source: str
    published: datetime | None
    primary: str | None
    quotes: tuple[Quote, ...] = ()
    numbers: tuple[str, ...] = ()
    unique_sentences: tuple[str, ...] = ()  # what only this source carries, in text order
    n_words: int = 0
    highlights: tuple[str, ...] = ()  # the unique sentences most worth reading first (new names, numbers,
    # quotes), best first: what the story page shows before the rest
    same_day: bool = False  # published the day another source was, with no time of day to order them by


@dataclass(frozen=True, slots=True)
class SourceLabel:
    """Who carries an article's text, as a reader should see it."""

    article_id: str
    outlet: str  # the publisher of this copy: 'USTimeToday', 'unknown publisher (Reuters)'
    primary: str | None  # its primary source, when the provenance says the text is someone else's
    label: str  # 'AP (via USTimeToday, machine-rewritten)'
    machine_rewritten: bool  # the text went through an automatic rewriter: its quotes may be altered


@dataclass(frozen=True, slots=True)
class AlignedStatement:
    """One statement of a speaker: the quote each source carries of it, None where it has none."""

    quotes: tuple[Quote | None, ...]  # one per column (``SpeakerStatements.sources``)
    similarity: float  # the weakest match holding the row together; 1.0 for a single quote
    also: tuple[Quote, ...] = ()  # more parts of the statement from a column that has one already (a source
    # quoting in two pieces what another quotes whole); each in the column of its ``article_id``


@dataclass(frozen=True, slots=True)
class SpeakerStatements:
    """What one speaker is quoted saying, lined up across sources."""

    speaker: str
    sources: tuple[str, ...]  # article ids of the columns, in order of publication
    rows: tuple[AlignedStatement, ...]


@dataclass(frozen=True, slots=True)
class SharedNumber:
    """A quantity that more than one source states."""

    value: str  # '150,000'
    label: str  # with the noun it counts, as most sources write it: '150,000 troops'
    article_ids: tuple[str, ...]
    labels: tuple[str, ...] = ()  # every way the sources write it, as in their ``SourceCoverage.numbers``


@dataclass(frozen=True, slots=True)
class Coverage:
    """How each source covered one story, in order of publication: what each carries and adds
    (``sources``), how each is labelled, its quotes by speaker and lined up statement by statement,
    and the numbers more than one source states."""

    story_id: str
    sources: tuple[SourceCoverage, ...]
    quotes_by_speaker: Mapping[str, tuple[Quote, ...]] = field(default_factory=dict)
    source_labels: Mapping[str, SourceLabel] = field(default_factory=dict)  # by article id
    aligned_quotes: tuple[SpeakerStatements, ...] = ()
    numbers_shared: tuple[SharedNumber, ...] = ()
    unattributed: SpeakerStatements | None = None  # quotes whose speaker no source identifies, lined up
    # (speaker '')
    numbers_differing: tuple[SharedNumber, ...] = ()  # near-equal values of one thing that sources state
    # differently ('1.5 million women', '1.6 million women'): value is what they count, labels one per
    # entry of article_ids

    @property
    def shared_labels(self) -> frozenset[str]:
        """The entries of the sources' ``numbers`` that more than one source states."""
        return frozenset(label for number in self.numbers_shared for label in number.labels)


# --------------------------------------------------------------------------- policy


@dataclass(frozen=True, slots=True)
class TakedownRequest:
    """A content owner's request to remove a URL, a URL prefix or a whole domain."""

    target: str
    scope: str = "url"  # url | prefix | domain
    requester: str = ""
    reason: str = ""
    received_at: datetime | None = None
    id: int | None = None  # once recorded
    removed: int = 0  # articles it removed when it was honoured
    revoked_at: datetime | None = None  # revoked: matching pages are gathered again (nothing is restored)
