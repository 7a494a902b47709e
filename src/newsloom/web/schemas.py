"""The JSON API's response bodies as pydantic models, so that /openapi.json documents what clients get.

Each model mirrors exactly what a route returns: the library's dataclasses as ``serialize.to_jsonable``
writes them (every field, in order; times as the ISO 8601 strings ``datetime.isoformat`` gives, so they are
typed as strings here and never re-formatted by pydantic), plus what the routes add. The routes declare them
as ``response_model``, which both documents the body and filters it: a field missing here would vanish from
the answers, so ``tests/test_review6_web.py`` checks that every dataclass field has its model field.
"""

from __future__ import annotations

from typing import Annotated

from pydantic import BaseModel, ConfigDict, Field, WithJsonSchema

from ..model import RelationKind

# an ISO 8601 time with its offset, as ``datetime.isoformat`` writes it ("2026-03-01T08:00:00+00:00")
Timestamp = Annotated[str, WithJsonSchema({"type": "string", "format": "date-time"})]
WebAddress = Annotated[str | None, Field(description="an http(s) address, or null: never a local file path")]


# -- stories and articles in lists --------------------------------------------------------------------------
class ArticleSummary(BaseModel):
    """An article in a list: a story's articles, the article list, search results."""

    id: str
    external_id: str | None
    url: WebAddress = Field(description="the article's http(s) URL, else its http(s) canonical URL, else null")
    title: str
    source: str | None = Field(description="the outlet: site name or host")
    published: Timestamp | None
    wire: list[str] = Field(description="the wire agencies whose text it carries")
    automated: bool = Field(description="an automatic aggregator that says it republishes machine-wise")


class StorySummary(BaseModel):
    """A story in a list; also the answer of a merge or a split."""

    id: str
    title: str
    summary: str
    article_count: int
    n_sources: int
    entities: list[str]
    closed: bool
    first_seen: Timestamp | None
    last_updated: Timestamp | None
    article_ids: list[str]


class StoriesOut(BaseModel):
    stories: list[StorySummary]


class ArticlesOut(BaseModel):
    articles: list[ArticleSummary]


# -- provenance, copy tree, coverage ------------------------------------------------------------------------
class PrimarySourceOut(BaseModel):
    """Who first published the text: a wire agency, an outlet, or an article in the store."""

    name: str
    kind: str = Field(description="wire | outlet")
    article_id: str | None
    url: WebAddress
    evidence: str


class ChainLinkOut(BaseModel):
    """One step from an article back towards its primary source."""

    name: str
    article_id: str | None
    url: WebAddress
    relation: str
    automated: bool
    evidence: str


class ProvenanceOut(BaseModel):
    article_id: str
    primary: PrimarySourceOut
    chain: list[ChainLinkOut] = Field(description="from the article (first) to the primary source (last)")
    is_copy: bool
    automated: bool


class CopyNodeOut(BaseModel):
    """A node of a story's copy tree: primary sources at the top, copies under what they copy."""

    name: str
    article_id: str | None
    url: WebAddress
    relation: str
    automated: bool
    evidence: str
    children: list[CopyNodeOut]


class QuoteOut(BaseModel):
    text: str
    speaker: str | None
    article_id: str
    sentence: str
    label: str = Field(description="whose words these are, as a reader should see it")
    fragment: bool = Field(description="a few words quoted inside the writer's own sentence, not a statement "
                                       "quoted whole")


class SourceCoverageOut(BaseModel):
    article_id: str
    source: str
    published: Timestamp | None
    primary: str | None
    quotes: list[QuoteOut]
    numbers: list[str]
    unique_sentences: list[str] = Field(description="what only this source carries, in text order")
    n_words: int
    highlights: list[str] = Field(description="the unique sentences most worth reading first, best first")
    same_day: bool = Field(description="published the day another source was, with no time of day to order "
                                       "them by")


class SourceLabelOut(BaseModel):
    article_id: str
    outlet: str
    primary: str | None
    label: str
    machine_rewritten: bool


class AlignedStatementOut(BaseModel):
    quotes: list[QuoteOut | None] = Field(description="one per column of the speaker's sources, null where none")
    similarity: float
    also: list[QuoteOut] = Field(description="more parts of the statement from a column that has one already")


class SpeakerStatementsOut(BaseModel):
    speaker: str
    sources: list[str] = Field(description="article ids of the columns, in order of publication")
    rows: list[AlignedStatementOut]


class SharedNumberOut(BaseModel):
    value: str
    label: str
    article_ids: list[str]
    labels: list[str]


class CoverageOut(BaseModel):
    """How each source covered the story, in order of publication."""

    story_id: str
    sources: list[SourceCoverageOut]
    quotes_by_speaker: dict[str, list[QuoteOut]]
    source_labels: dict[str, SourceLabelOut] = Field(description="by article id")
    aligned_quotes: list[SpeakerStatementsOut]
    numbers_shared: list[SharedNumberOut]
    unattributed: SpeakerStatementsOut | None = Field(description="quotes whose speaker no source identifies, "
                                                                  "lined up (speaker '')")
    numbers_differing: list[SharedNumberOut] = Field(
        description="near-equal values of one thing stated differently: value is what they count, labels one "
                    "per entry of article_ids")


class AssignmentOut(BaseModel):
    """Why an article is in its story."""

    article_id: str
    story_id: str
    score: float
    new_story: bool
    shared_terms: list[str]
    shared_entities: list[str]
    reason: str = Field(description="similarity | new | copy-of:ARTICLE | auto-merge:STORY | auto-split:STORY | "
                                    "user-merge | user-split")
    probability: float | None


class StoryDetail(StorySummary):
    """A story with its articles, copy tree, provenance, coverage comparison and assignments."""

    articles: list[ArticleSummary]
    copy_tree: list[CopyNodeOut]
    provenance: dict[str, ProvenanceOut] = Field(description="by article id")
    coverage: CoverageOut
    assignments: dict[str, AssignmentOut] = Field(description="by article id")


# -- one article --------------------------------------------------------------------------------------------
class CreditOut(BaseModel):
    kind: str
    text: str
    names: list[str]


class WireCreditOut(BaseModel):
    agency: str
    evidence: str
    how: str


class ArticleOut(BaseModel):
    """The article with its text as far as its publisher lets newsloom show it."""

    id: str
    title: str
    text: str = Field(description="as far as the publisher's robots directives allow")
    url: WebAddress = Field(description="the article's http(s) URL, else its http(s) canonical URL, else null")
    canonical_url: WebAddress
    external_id: str | None
    source: str | None
    site_name: str | None
    authors: list[str]
    published: Timestamp | None
    modified: Timestamp | None
    fetched_at: Timestamp | None
    lang: str | None
    description: str | None
    image: str | None
    paywalled: bool | None
    robots: list[str]
    dateline: str | None
    credits: list[CreditOut]
    wire: list[WireCreditOut]
    links: list[str]
    automated: bool
    field_sources: dict[str, str] = Field(description="where each metadata field came from")
    content_hash: str
    text_shortened_by_publisher_policy: bool


class AlignedPairOut(BaseModel):
    copy_sentence: str = Field(description='"" when the publisher does not let it be shown')
    original_sentence: str = Field(description='"" when the publisher does not let it be shown')
    similarity: float


class EvidenceOut(BaseModel):
    aligned: list[AlignedPairOut]
    shared_quotes: list[str]
    credits: list[str]
    canonical_link: str | None
    jaccard: float | None
    containment: float | None
    semantic: float | None
    copy_first_seen: Timestamp | None
    original_first_seen: Timestamp | None
    notes: list[str]


class RelationOut(BaseModel):
    """``copy_id`` is a ``kind`` of ``original_id`` (or independent of it)."""

    copy_id: str
    original_id: str
    kind: RelationKind
    score: float
    evidence: EvidenceOut
    evidence_withheld_by_publisher_policy: bool


class ArticleDetail(BaseModel):
    article: ArticleOut
    provenance: ProvenanceOut | None
    relations: list[RelationOut]
    assignment: AssignmentOut | None
    story: StorySummary | None


# -- search, sources ----------------------------------------------------------------------------------------
class SearchResult(ArticleSummary):
    score: float = Field(description="BM25 relevance, higher is better")


class SearchOut(BaseModel):
    query: str
    results: list[SearchResult]
    offset: int
    total: int = Field(description="results counted: all of them, unless `more`")
    more: bool = Field(description="there are more results than were counted (the web's search pages' cap)")


class SourceOut(BaseModel):
    url: str
    kind: str = Field(description="feed | sitemap | page | warc | text | opml")
    title: str | None
    id: int | None
    interval_s: int
    enabled: bool


class SourceStateOut(BaseModel):
    source_id: int
    etag: str | None
    last_modified: str | None = Field(description="the source's Last-Modified header, as it sent it")
    last_attempt: Timestamp | None
    last_success: Timestamp | None
    last_error: str | None
    consecutive_failures: int
    items_per_day: float
    next_poll: Timestamp | None
    healthy: bool
    gone_answers: int = Field(0, description="404, 401, 403 or 451 answers in a row (the source counts as gone at 3)")


class SourceHealthOut(BaseModel):
    source: SourceOut
    state: SourceStateOut
    health: str = Field(description="as `newsloom sources` prints it: ok, new, failing, unhealthy or disabled")


class SourcesOut(BaseModel):
    sources: list[SourceHealthOut]


# -- takedowns ----------------------------------------------------------------------------------------------
class TakedownOut(BaseModel):
    """A removal request on record."""

    target: str
    scope: str = Field(description="url | prefix | domain")
    requester: str
    reason: str
    received_at: Timestamp | None
    id: int | None
    removed: int = Field(description="articles it removed when it was honoured")
    revoked_at: Timestamp | None = Field(description="when it was revoked (first), or null")


class TakedownsOut(BaseModel):
    takedowns: list[TakedownOut]


class DeletedOut(BaseModel):
    """Articles an operator deleted."""

    deleted: list[str] = Field(description="the ids of the articles deleted")


class TakedownDone(BaseModel):
    """A removal request honoured."""

    target: str
    scope: str
    removed: list[str] = Field(description="the ids of the articles removed")
    takedown: TakedownOut = Field(description="the request on record: its id is the one to revoke it with "
                                              "(what it covers stays refused while another request in force "
                                              "covers it)")
    already_in_force: bool = Field(description="a request for the same content (scope and target) was in force "
                                               "already; this one is recorded as well (``takedown``), unless it "
                                               "is that very request sent again (same requester and reason)")


class RevocationOut(BaseModel):
    takedown: TakedownOut
    already_revoked: bool = Field(description="it had been revoked before: nothing changed")


# -- the JSON Feed (/feeds/stories.json) --------------------------------------------------------------------
class FeedSourceOut(BaseModel):
    source: str = Field(description="the outlet")
    url: WebAddress = Field(description="the article's http(s) URL, else its http(s) canonical URL, else null")
    article_id: str


class FeedExtensionOut(BaseModel):
    story_id: str
    sources: list[FeedSourceOut]


class FeedAuthorOut(BaseModel):
    name: str


class FeedItemOut(BaseModel):
    model_config = ConfigDict(populate_by_name=True)

    id: str = Field(description="a tag: URI built from the story id: stable")
    url: str
    title: str
    content_text: str
    date_modified: Timestamp | None = Field(None, description="when the story last changed (left out when unknown)")
    date_published: Timestamp | None = Field(None, description="when newsloom first gathered the story")
    authors: list[FeedAuthorOut] = Field(description="the story's primary sources")
    newsloom: FeedExtensionOut = Field(alias="_newsloom")


class JSONFeedOut(BaseModel):
    """JSON Feed 1.1 (https://jsonfeed.org/version/1.1) with a ``_newsloom`` extension in each item."""

    version: str
    title: str
    home_page_url: str
    feed_url: str
    items: list[FeedItemOut]
