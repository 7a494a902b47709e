"""The library facade that the CLI and the web layer call: ``Newsloom``.

It owns the store and the pipeline and answers the questions the edges ask (lists, views of a
story or an article, search, takedowns). It holds no presentation logic.

Reads go to the store only. The pipeline (the copy index of every fingerprint, the open stories, the
IDF: seconds to build and memory linear in the store) is built on the first write that needs it
(ingest, merge, split, re-cluster, takedown, delete), so that a read-only command or a read-only server
opens in well under a second whatever the size of the store (``Newsloom.pipeline_built``).

Computed story views are kept (``StoryViewCache``): at most :data:`STORY_VIEW_CACHE_SIZE` of them, each
with the version of what it shows, and concurrent requests for one story wait for one computation.
"""

from __future__ import annotations

import fcntl
import logging
import os
import threading
from collections import OrderedDict
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from datetime import UTC, datetime
from pathlib import Path

from .compare import compare_coverage
from .compare.tree import CopyNode, copy_tree
from .config import Settings
from .errors import NotFoundError
from .model import Article, Coverage, Provenance, Relation, Story, StoryAssignment, TakedownRequest
from .pipeline import ItemResult, Pipeline
from .policy import (
    display_text,
    parse_takedown,
    restricted,
    shown_description,
    shown_provenance,
    shown_relation,
    shown_tree,
    take_down,
)
from .prepare import Prepared, PreparePool
from .sources.files import iter_inputs, list_input_files
from .store import SQLiteStore, open_store
from .store.articles import Revocation, check_count
from .stories.scoring import ClusterConfig

_log = logging.getLogger(__name__)

__all__ = ["STORY_VIEW_CACHE_ARTICLES", "STORY_VIEW_CACHE_SIZE", "ArticleView", "Newsloom", "StoryView",
           "StoryViewCache", "open_newsloom"]

#: computed story views kept per Newsloom (the most recently used), so that a story page, its API answer and
#: their repeats compute the comparison once per version of the story
STORY_VIEW_CACHE_SIZE = 32
#: and at most this many articles among the views kept (a view holds its articles' texts): the least recently
#: used views leave first, the latest one always stays
STORY_VIEW_CACHE_ARTICLES = 20_000


def _utcnow() -> datetime:
    return datetime.now(UTC)


def _chain_ids(provenances: Iterable[Provenance | None]) -> set[str]:
    """The ids of the articles the provenance chains name (the articles themselves, links, primaries)."""
    ids: set[str] = set()
    for prov in provenances:
        if prov is None:
            continue
        ids.add(prov.article_id)
        if prov.primary.article_id:
            ids.add(prov.primary.article_id)
        ids.update(link.article_id for link in prov.chain if link.article_id)
    return ids


@dataclass(frozen=True, slots=True)
class StoryView:
    """A story as it may be shown: evidence quotes only what the publishers allow (``policy``)."""

    story: Story
    articles: tuple[Article, ...]
    coverage: Coverage
    tree: tuple[CopyNode, ...]
    provenance: dict[str, Provenance]
    assignments: dict[str, StoryAssignment]
    named: Mapping[str, Article] = field(default_factory=dict)  # the articles it names, by id (its own too)


@dataclass(frozen=True, slots=True)
class ArticleView:
    """An article as it may be shown: ``shown_text`` and ``article.description`` cut as its publisher's robots
    directives say (``shortened``: they were), evidence quoting only what the publishers allow."""

    article: Article
    provenance: Provenance | None
    relations: tuple[Relation, ...]
    story: Story | None
    assignment: StoryAssignment | None
    shown_text: str
    shortened: bool
    withheld: tuple[int, ...] = ()  # per relation: passages of its evidence withheld by publisher policy
    named: Mapping[str, Article] = field(default_factory=dict)  # the articles it names, by id (itself too)


class StoryViewCache:
    """Computed story views by story id, each kept with the version it was computed at (anything whose
    change can change the view: see ``Newsloom.story_view``): a view is served again only for an equal
    version. Bounded: at most ``size`` views and ``max_articles`` articles among them, least recently used
    out first. Single flight: threads asking for the same story at once wait for the one computing it
    (a lock per story id while some thread wants it) rather than each computing it. Thread-safe."""

    def __init__(self, size: int = STORY_VIEW_CACHE_SIZE, max_articles: int = STORY_VIEW_CACHE_ARTICLES) -> None:
        self.size, self.max_articles = size, max_articles
        self._entries: OrderedDict[str, tuple[object, StoryView]] = OrderedDict()
        self._flights: dict[str, list] = {}  # story id -> [its lock, how many threads want it]
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def __len__(self) -> int:
        return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()

    def get(self, key: str, version: object, compute: Callable[[], StoryView]) -> StoryView:
        """The view of ``key`` at ``version``: kept, or computed by ``compute`` (once, whoever else asks
        meanwhile) and kept."""
        with self._lock:
            view = self._kept(key, version)
            if view is not None:
                return view
            flight = self._flights.setdefault(key, [threading.Lock(), 0])
            flight[1] += 1
        try:
            with flight[0]:
                with self._lock:
                    view = self._kept(key, version)  # computed by the thread this one waited for
                    if view is None:
                        self.misses += 1
                if view is not None:
                    return view
                view = compute()
                with self._lock:
                    self._put(key, version, view)
                return view
        finally:
            with self._lock:
                flight[1] -= 1
                if flight[1] == 0:
                    del self._flights[key]

    def _kept(self, key: str, version: object) -> StoryView | None:
        entry = self._entries.get(key)
        if entry is None or entry[0] != version:
            return None
        self._entries.move_to_end(key)
        self.hits += 1
        return entry[1]

    def _put(self, key: str, version: object, view: StoryView) -> None:
        self._entries[key] = (version, view)
        self._entries.move_to_end(key)
        held = sum(len(v.articles) for _, v in self._entries.values())
        while len(self._entries) > 1 and (len(self._entries) > self.size or held > self.max_articles):
            _, (_, old) = self._entries.popitem(last=False)
            held -= len(old.articles)


class Newsloom:
    def __init__(self, store: SQLiteStore, pipeline: Pipeline | None = None, *, settings: Settings | None = None,
                 clock: Callable[[], datetime] = _utcnow, seen_version: int | None = None,
                 build_pipeline: Callable[[], Pipeline] | None = None) -> None:
        """``pipeline``: the pipeline, built already; else ``build_pipeline`` builds it when a write first
        needs it (``open_newsloom`` passes it). With neither, the facade reads only."""
        self.store = store
        self._pipeline = pipeline
        self._build_pipeline = build_pipeline
        self.story_views = StoryViewCache()
        self.settings = settings
        self.clock = clock
        # the pipeline's in-memory state (open stories, the copy index) has one writer at a time: in this
        # process (the poller's worker thread ingesting, a web request merging, splitting or taking down)
        # and across processes (a CLI ingest beside `newsloom run`): see ``_writer``
        self._threads = threading.RLock()
        path = getattr(store, "path", None)  # a store without a file (in memory, a stand-in) has no other writer
        self._process_lock = WriterLock(Path(path).with_suffix(".lock")) if path and path != ":memory:" else None
        self._stale = False  # the in-memory state may lag the store in unknown ways: reload before the next write
        self._depth = 0  # this process's nesting of ``_writer`` (under ``_threads``)
        if self._process_lock is None:
            self._seen_version = 0
        else:
            self._seen_version = seen_version if seen_version is not None else store.data_version()

    def close(self) -> None:
        self.story_views.clear()
        self.store.close()

    @property
    def pipeline_built(self) -> bool:
        """Whether the pipeline is built: not until a write needs it (see ``pipeline``)."""
        return self._pipeline is not None

    @property
    def pipeline(self) -> Pipeline | None:
        """The pipeline with its stage state (copy index, open stories), built on first use: by the first
        ingest, merge, split, re-cluster, takedown or delete; never by a read. None for a facade given no
        pipeline and no way to build one."""
        if self._pipeline is None and self._build_pipeline is not None:
            with self._threads:  # one thread builds it; the others wait for it
                if self._pipeline is None:
                    # the version is read before the pipeline reads the store: should another process write
                    # meanwhile, the next write catches up (or reloads) first
                    seen = self.store.data_version() if self._process_lock is not None else 0
                    self._pipeline = self._build_pipeline()
                    self._seen_version, self._stale = seen, False
        return self._pipeline

    @contextmanager
    def _writer(self) -> Iterator[None]:
        """Exclusive use of the pipeline's in-memory state and of the store's write side, across threads
        and processes. When another process has written to the store since this one last held it, the
        in-memory state (open stories, copy index) first takes in what it wrote (``Pipeline.catch_up``: the
        stories it changed, the articles it added; everything after a takedown or a re-cluster), so that
        nothing another process did is overwritten by a stale picture. A write of this process that failed
        after the in-memory state had changed (``Pipeline.stale``) has it rebuilt from the store first too,
        whether or not other processes share the store."""
        with self._threads:
            if self._depth == 0:
                self.pipeline  # noqa: B018 - built (when it is not yet) before the other writers are kept waiting
            lock = self._process_lock
            if lock is not None:
                lock.acquire()
            self._depth += 1
            try:
                if self._depth == 1:
                    self._catch_up()
                try:
                    yield
                finally:
                    if self._depth == 1 and lock is not None:
                        self._synced()
            finally:
                self._depth -= 1
                if lock is not None:
                    lock.release()

    def _catch_up(self) -> None:
        shared = self._process_lock is not None  # else no other process writes: only a failed write of ours
        version = self.store.data_version() if shared else self._seen_version
        try:
            if self._stale or (self.pipeline is not None and self.pipeline.stale):
                self.pipeline.reload()
            elif version != self._seen_version:
                self.pipeline.catch_up()
        except BaseException:
            self._stale = True  # half taken in: only a complete reload is sure to be right
            raise
        self._stale = False
        self._seen_version = version

    def _synced(self) -> None:
        try:
            self.pipeline.synced()
        except Exception:  # noqa: BLE001 - the writes themselves are done; the next writer rebuilds everything
            _log.error("could not note how far the store was read; the next write reloads it all", exc_info=True)
            self._stale = True

    @property
    def join_probability(self) -> float:
        """The probability an article needs to join a story (the clustering in use; the default for a
        facade without a pipeline, and the one a pipeline not built yet will be built with: ``StoryService``'s
        default): what "why" explanations compare an assignment's probability with. Never builds the pipeline."""
        config = self._pipeline.stories.config if self._pipeline is not None else ClusterConfig()
        return config.join_probability

    # -- ingest -----------------------------------------------------------------------------
    def input_files(self, paths: Sequence[str | Path]) -> list:
        """Expand files and folders into the list of inputs (or InputErrors for missing ones)."""
        return list_input_files(paths)

    def ingest_file(self, item) -> list[ItemResult]:
        """Run one input (a path or the InputError standing for it) through the pipeline."""
        return self.ingest_files([item])

    def ingest_files(self, items: Sequence, *, pool: PreparePool | None = None) -> list[ItemResult]:
        """Run several inputs through the pipeline together (their articles are embedded in batches; with a
        ``pool``, extracted and embedded in its worker processes)."""
        return list(self.pipeline.run(iter_inputs(items, now=self.clock()), guard=self._writer, pool=pool))

    def ingest_documents(self, docs: Iterable, *, pool: PreparePool | None = None) -> list[ItemResult]:
        return list(self.pipeline.run(docs, guard=self._writer, pool=pool))

    def ingest_prepared(self, prepared: Sequence[Prepared]) -> list[ItemResult]:
        """Trace, cluster and store inputs extracted and embedded elsewhere (``prepare.prepare_batch``: a worker,
        a Spark executor), in their order."""
        with self._writer():
            return self.pipeline.add_prepared(prepared)

    # -- reading ----------------------------------------------------------------------------
    def articles(self, *, limit: int = 50, offset: int = 0) -> list[Article]:
        return self.store.list_articles(limit=limit, offset=offset)

    def stories(self, *, limit: int = 50, offset: int = 0) -> list[Story]:
        """Stories, most recently updated first (OutOfRangeError for a negative or too large limit/offset)."""
        return self.store.list_stories(limit=check_count(limit, "limit"), offset=check_count(offset, "offset"))

    def story_articles(self, story: Story) -> list[Article]:
        return self.store.get_articles(story.article_ids)

    def stories_articles(self, stories: Sequence[Story]) -> list[list[Article]]:
        """``story_articles`` of each of ``stories``, read together: one query per
        :data:`~newsloom.store.base.IN_CHUNK` article ids, whatever the number of stories."""
        ids = list(dict.fromkeys(aid for story in stories for aid in story.article_ids))
        found = {a.id: a for a in self.store.get_articles(ids)}
        return [[found[aid] for aid in story.article_ids if aid in found] for story in stories]

    def provenance_of(self, article_ids: Iterable[str]) -> dict[str, Provenance]:
        """The provenance of each of these articles that has one, by article id (read together)."""
        return self.store.get_provenances(article_ids)

    def story_view(self, story_id: str) -> StoryView:
        """A story with its articles, copy tree and coverage comparison, as it may be shown.

        The comparison reads only what each publisher lets newsloom show (``display_text``: robots
        ``nosnippet``, ``max-snippet``, ``noarchive``), the same text the article page shows; the evidence of
        the copy tree and of each provenance chain quotes only what the publishers of the articles it
        relates allow.

        Kept in ``story_views`` with its version: the story as stored (its members, title, dates, closed
        flag), the provenance and the assignment of each member, and the time of the last removal (a
        takedown or a delete, which may remove an article its chains name). Nothing else a view shows
        changes while an article is stored (articles are never rewritten; their robots directives come
        with them), so an equal version is the same view: an ingest into the story, a merge, a split, a
        re-cluster, a later original changing a member's provenance, and any removal all compute it anew."""
        story = self.store.get_story(story_id)
        ids = list(story.article_ids)
        prov, assignments = self.store.get_provenances(ids), self.store.assignments_of(ids)
        last_removal = getattr(self.store, "last_removal_at", None)
        if last_removal is None:  # a stand-in store that cannot tell removals: nothing is kept
            return self._story_view(story, prov, assignments)
        version = (story, last_removal(), prov, assignments)
        return self.story_views.get(story.id, version, lambda: self._story_view(story, prov, assignments))

    def _story_view(self, story: Story, prov: Mapping[str, Provenance],
                    assignments: Mapping[str, StoryAssignment]) -> StoryView:
        articles = tuple(self.store.get_articles(story.article_ids))
        found = {a.id for a in articles}
        prov = {aid: p for aid, p in prov.items() if aid in found}
        assignments = {aid: a for aid, a in assignments.items() if aid in found}
        shown = {a.id: display_text(a)[0] for a in articles}
        named = self.articles_with(articles, _chain_ids(prov.values()))
        limits = restricted(named.values())
        return StoryView(story, articles, compare_coverage(story, articles, prov, texts=shown),
                         tuple(shown_tree(n, limits) for n in copy_tree(articles, prov)),
                         {aid: shown_provenance(p, limits) for aid, p in prov.items()}, assignments, named)

    def article_view(self, article_id: str) -> ArticleView:
        """An article with its provenance, relations, story and assignment, as it may be shown: its text and
        description as its publisher allows, the evidence as the publishers of the articles it relates
        allow (``withheld``: how many passages of each relation's evidence were left out)."""
        article = self.store.get_article(article_id)
        story_id = self.store.story_of(article_id)
        story = self.store.get_story(story_id) if story_id else None
        provenance, relations = self.store.get_provenance(article_id), tuple(self.store.relations_of(article_id))
        named = self.articles_with([article], [*(i for r in relations for i in (r.copy_id, r.original_id)),
                                       *sorted(_chain_ids([provenance]))])
        shown_rel = [shown_relation(r, named) for r in relations]
        text, shortened = display_text(article)
        return ArticleView(replace(article, description=shown_description(article)),
                           shown_provenance(provenance, restricted(named.values())),
                           tuple(r for r, _ in shown_rel), story, self.store.assignment_of(article_id), text,
                           shortened, tuple(n for _, n in shown_rel), named)

    def articles_with(self, known: Iterable[Article], ids: Iterable[str]) -> dict[str, Article]:
        """``known`` by id, with the other articles of ``ids`` read from the store (one query)."""
        arts = {a.id: a for a in known}
        missing = [i for i in dict.fromkeys(ids) if i not in arts]
        if missing:
            arts.update((a.id, a) for a in self.store.get_articles(missing))
        return arts

    def resolve(self, ident: str) -> tuple[str, str]:
        """('article' | 'story', id) for an article id, external id, URL or story id. A story merged away
        (or whose id a re-cluster did not keep) resolves to the story it went into, as its web address
        redirects there: the id returned then differs from ``ident`` (see :meth:`story_moved_to`).

        What was removed raises its ``GoneError`` (by whom and when): an article or story by its id, an
        article by the URL its id was made from (``urls.article_id``: its web address; nothing else of a
        removed article is kept), and a story merged away into one that was removed since."""
        if self.store.has_article(ident):
            return "article", ident
        if self._has_story(ident):
            return "story", ident
        target = self.story_moved_to(ident)
        if target is not None:
            return "story", target
        found = self.store.find_article_ids(url=ident, external_id=ident)
        if found:
            return "article", found[0]
        for gone in (ident, *self._removed_names(ident)):
            removed = self.store.removal(gone)
            if removed is not None:
                raise removed
        raise NotFoundError("no article or story with this id, external id or URL", subject=ident)

    def _removed_names(self, ident: str) -> list[str]:
        """The other ids a removed ``ident`` may be recorded under: the article id of a web address, and the
        story a merged-away story went into (its alias stays when that story is removed)."""
        from .urls import article_id, web_url

        names = [article_id(ident, "")] if web_url(ident.strip()) else []
        alias = self.store.story_alias(ident)
        return [*names, alias] if alias else names

    def story_moved_to(self, story_id: str) -> str | None:
        """The stored story that a story no longer stored went into (merged away, by a user or
        automatically, or renamed by a re-cluster), or None when it is stored or never was."""
        if self._has_story(story_id):
            return None
        target = self.store.story_alias(story_id)
        return target if target is not None and self._has_story(target) else None

    def _has_story(self, story_id: str) -> bool:
        try:
            self.store.get_story(story_id)
        except NotFoundError:
            return False
        return True

    def search(self, query: str, *, limit: int = 20) -> list[tuple[Article, float]]:
        return self.store.search(query, limit=limit)

    def source_health(self, *, limit: int = 0, offset: int = 0) -> list:
        """(Source, SourceState) for every source in id order, for the sources page and API: at most
        ``limit`` (0: all) after the first ``offset``."""
        return self.store.source_health(limit=limit, offset=offset)

    # -- stories: user decisions ---------------------------------------------------------------
    def merge_stories(self, story_a: str, story_b: str) -> Story:
        """Merge B into A for good (kept across restarts and re-clustering)."""
        with self._writer():
            return self.pipeline.stories.merge(story_a, story_b, now=self.clock())

    def split_story(self, story_id: str, article_ids: Sequence[str]) -> Story:
        """Move ``article_ids`` out of the story into a new one (kept across restarts and re-clustering)."""
        with self._writer():
            return self.pipeline.stories.split(story_id, list(article_ids), now=self.clock())

    def recluster(self) -> int:
        with self._writer():
            return self.pipeline.recluster(now=self.clock())

    # -- rights -----------------------------------------------------------------------------
    def takedown(self, target: str, *, scope: str = "url", requester: str = "", reason: str = "") -> list[str]:
        """Honour a removal request now; the ids of the articles removed (see :meth:`takedown_once`)."""
        return self.takedown_once(target, scope=scope, requester=requester, reason=reason).removed

    def takedown_once(self, target: str, *, scope: str = "url", requester: str = "", reason: str = ""):
        """Honour a removal request now: a ``TakedownDone`` with the ids removed, the request on record (its
        id is the one ``revoke_takedown`` takes) and whether the same request was in force already."""
        now = self.clock()
        request = parse_takedown(target, scope=scope, requester=requester, reason=reason, now=now)
        with self._writer():
            done = take_down(self.store, request, now=now)
            self.pipeline.stories.forget_articles(done.removed, now=now)  # the running clusterer forgets them too
        return done

    def delete_articles(self, article_ids: Sequence[str]) -> list[str]:
        """An operator's removal by id (an article ingested from a local file, which no URL takedown can
        name, or one stored by mistake): deletes the stored ones with their search entries, relations and
        story memberships, and the running clusterer forgets them. Unlike a takedown, nothing is refused
        later: the same page ingested again is stored again. Returns the ids deleted (unknown ids left out)."""
        now = self.clock()
        with self._writer():
            removed = self.store.delete_articles(article_ids, now=now)
            self.pipeline.stories.forget_articles(removed, now=now)
        return removed

    def takedowns(self, *, revoked: bool = False) -> list[TakedownRequest]:
        """Takedown requests in force, oldest first (with ``revoked``, the revoked ones too)."""
        return self.store.list_takedowns(revoked=revoked)

    def revoke_takedown(self, takedown_id: int) -> TakedownRequest:
        """Revoke a takedown recorded by mistake: what it covers is let in again when delivered again (what it
        removed is not restored, and feed entries the poller had already seen stay seen, so a removed page comes
        back only when ingested again). The request stays on record, marked revoked."""
        return self.store.revoke_takedown(takedown_id, now=self.clock())

    def revoke_takedown_once(self, takedown_id: int) -> Revocation:
        """:meth:`revoke_takedown`, also telling whether the takedown had been revoked already (then nothing
        changed: ``revocation.takedown.revoked_at`` is when it was first revoked)."""
        return self.store.revoke_takedown_once(takedown_id, now=self.clock())


def open_newsloom(settings: Settings, *, clock: Callable[[], datetime] = _utcnow) -> Newsloom:
    """Open the store in ``settings.data_dir``. The pipeline with its stage state is built when a write first
    needs it (``Newsloom.pipeline``): reads open the store only."""
    store = open_store(settings.db_path)
    return Newsloom(store, settings=settings, clock=clock, seen_version=store.data_version(),
                    build_pipeline=lambda: build_pipeline(store, clock=clock))


def build_pipeline(store: SQLiteStore, *, clock: Callable[[], datetime] = _utcnow) -> Pipeline:
    return Pipeline(store, clock=clock)


class WriterLock:
    """An exclusive advisory lock on a file (``flock``), re-entrant within one process (the caller
    serialises its threads): the one writer among the processes sharing a store."""

    def __init__(self, path: Path) -> None:
        self.path = path
        self.depth = 0
        self._fd: int | None = None

    def acquire(self) -> None:
        if self.depth == 0:
            fd = os.open(self.path, os.O_RDWR | os.O_CREAT, 0o644)
            try:
                fcntl.flock(fd, fcntl.LOCK_EX)
            except BaseException:
                os.close(fd)
                raise
            self._fd = fd
        self.depth += 1

    def release(self) -> None:
        self.depth -= 1
        if self.depth == 0 and self._fd is not None:
            fd, self._fd = self._fd, None
            fcntl.flock(fd, fcntl.LOCK_UN)
            os.close(fd)
