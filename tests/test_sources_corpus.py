"""The feed corpora in ../shared: every file parsed or rejected with a reason; expected values agree.

Agreement is measured against three references: feedparser's own ``Expect:`` expressions
(evaluated over a feedparser-shaped *view of our model*, so only fields our model carries can
be checked; expressions touching anything else are counted "not applicable"), rss-parser's
output JSON and feed-rs's normalised model. The rates are printed (run with ``-s``) and held
to floors measured on this corpus.
"""

from __future__ import annotations

import html
import io
import json
import re
import time
from datetime import UTC, datetime
from pathlib import Path

import feedparser
import pytest

from newsloom.errors import FeedError
from newsloom.sources.feeds import ParsedFeed, parse_feed

FP = "data/rss-feeds-feedparser-tests/tests"
RW = "data/rss-feeds-realworld"


def feedparser_cases(shared: Path) -> list[Path]:
    return sorted(p for p in (shared / FP).rglob("*") if p.suffix in (".xml", ".json"))


def realworld_inputs(shared: Path) -> list[Path]:
    root = shared / RW
    out = []
    for p in sorted(root.rglob("*")):
        if not p.is_file() or p.name in ("LICENSE", "README.md") or p.name.endswith(".serde.json"):
            continue
        if "output" in p.relative_to(root).parts:
            continue
        out.append(p)
    return out


def header_lines(raw: bytes) -> dict[str, str]:
    head = raw[:2000].decode("latin-1")
    return {k.strip(): v.strip() for k, v in re.findall(r"^Header:\s+([^:]+):(.*)$", head, re.MULTILINE)}


def expectation(raw: bytes) -> str | None:
    head = raw[:4000].decode("latin-1")
    match = re.search(r"Expect:\s*(.*?)\s*-->", head, re.DOTALL)
    return match.group(1).strip() if match else None


# --------------------------------------------------------------------------- every file


def test_every_corpus_feed_is_parsed_or_rejected_with_a_reason(shared_dir):
    files = feedparser_cases(shared_dir) + realworld_inputs(shared_dir)
    assert len(files) > 1300
    parsed, rejected = 0, []
    for path in files:
        raw = path.read_bytes()
        try:
            feed = parse_feed(raw, url="http://example.com/feed", headers=header_lines(raw))
        except FeedError as exc:
            assert exc.message and exc.subject, path
            rejected.append((path.name, exc.message))
            continue
        assert isinstance(feed, ParsedFeed)
        parsed += 1
    print(f"\ncorpus: {parsed} parsed, {len(rejected)} rejected: {rejected}")
    # the rejected ones are fragments (a lone entry or HTML snippet) and a non-feed XML catalog
    assert len(rejected) <= 12


# --------------------------------------------------------------------------- feedparser Expect:


class NotMapped(Exception):
    pass


class View(dict):
    """A feedparser-shaped read-only view of our model: unknown keys raise NotMapped."""

    def __getitem__(self, key):
        if not dict.__contains__(self, key):
            raise NotMapped(key)
        return dict.__getitem__(self, key)

    def __getattr__(self, key):
        if key.startswith("__"):
            raise AttributeError(key)
        return self[key]

    def get(self, key, default=None):
        return self[key]

    def __contains__(self, key):
        raise NotMapped(key)


def _struct(dt: datetime | None):
    return dt.astimezone(UTC).utctimetuple() if dt else None


_REFERENCE_TAG = re.compile(r"</?[A-Za-z][^<>]*>|<!--.*?-->", re.DOTALL)


def _reference_text(value: str) -> str:
    """A reference's HTML title as text, read independently of our code: tags removed, references
    decoded, whitespace folded."""
    return " ".join(html.unescape(_REFERENCE_TAG.sub("", value)).split())


class TextOfHtml(str):
    """Our title where feedparser's is HTML (its ``title_detail`` type says so): our model keeps that
    HTML's text, so it agrees with an expected value when it equals the expected value's text."""

    def __eq__(self, other):
        return isinstance(other, str) and " ".join(self.split()) == _reference_text(other)

    def __ne__(self, other):
        return not self.__eq__(other)

    __hash__ = str.__hash__


def _html_titles(raw: bytes, url: str, headers: dict[str, str]) -> tuple[bool, list[bool]]:
    """Which titles feedparser itself reports as HTML, for the feed and each entry (parsed as
    ``parse_feed`` has feedparser parse it)."""
    response_headers = {k.lower(): v for k, v in headers.items()}
    response_headers.setdefault("content-location", url)
    response_headers.setdefault("content-type", "application/xml")
    result = feedparser.parse(io.BytesIO(raw), response_headers=response_headers)

    def is_html(obj) -> bool:
        return (obj.get("title_detail") or {}).get("type") in ("text/html", "application/xhtml+xml")

    return is_html(result.get("feed", {})), [is_html(e) for e in result.get("entries", [])]


def _view(feed: ParsedFeed, html_titles: tuple[bool, list[bool]] = (False, [])) -> dict:
    def put(d: dict, key: str, value) -> None:
        if value is not None:
            d[key] = value

    def title(value: str | None, is_html: bool) -> str | None:  # HTML with no text ("<img ...>"): none
        return TextOfHtml(value or "") if is_html else value

    feed_html, entry_html = html_titles
    entry_html = entry_html if len(entry_html) == len(feed.items) else [False] * len(feed.items)
    top = View()
    put(top, "title", title(feed.title, feed_html))
    put(top, "link", feed.link)
    put(top, "updated_parsed", _struct(feed.updated))
    entries = []
    for item, is_html in zip(feed.items, entry_html):
        e = View()
        put(e, "title", title(item.title, is_html))
        put(e, "link", item.url)
        put(e, "id", item.guid)
        put(e, "published_parsed", _struct(item.published))
        put(e, "updated_parsed", _struct(item.updated))
        put(e, "summary", item.summary)
        put(e, "description", item.summary)
        if item.content_html is not None:
            e["content"] = [View(value=item.content_html)]
        entries.append(e)
    return {"bozo": int(feed.bozo), "version": feed.version, "encoding": feed.encoding,
            "feed": top, "entries": entries}


def _evaluate(expr: str, names: dict) -> bool | None:
    try:
        return bool(eval(expr, {"__builtins__": {"len": len}}, dict(names)))
    except (NotMapped, NameError, IndexError):
        return None
    except (KeyError, TypeError, AttributeError):
        return False


def test_feedparser_expectations_agree_on_our_model(shared_dir):
    agree, disagree, not_applicable, rejected = 0, [], 0, 0
    per_folder = Tally()
    for path in feedparser_cases(shared_dir):
        raw = path.read_bytes()
        expr = expectation(raw)
        if not expr or b"SkipUnless:" in raw[:1000]:  # cases that need chardet, which feedparser lacks here
            continue
        rel = path.relative_to(shared_dir / FP).as_posix()
        url = f"http://127.0.0.1:8097/tests/{rel}"  # where feedparser's own test harness serves the case
        try:
            feed = parse_feed(raw, url=url, headers=header_lines(raw))
        except FeedError:
            rejected += 1
            continue
        verdict = _evaluate(expr, _view(feed, _html_titles(raw, url, header_lines(raw))))
        folder = "/".join(rel.split("/")[:2]) if rel.startswith(("wellformed", "illformed")) else rel.split("/")[0]
        if verdict is None:
            not_applicable += 1
        else:
            per_folder.add(folder, verdict)
            if verdict:
                agree += 1
            else:
                disagree.append(rel)
    checked = agree + len(disagree)
    rate = agree / checked
    print(f"\nfeedparser Expect: {agree}/{checked} agree ({rate:.1%}), {not_applicable} not applicable, "
          f"{rejected} rejected; disagreeing: {disagree[:15]}\nper folder: {per_folder}")
    assert checked > 500
    assert rate >= 0.97


# --------------------------------------------------------------------------- rss-parser, feed-rs


def _norm(text) -> str:
    if not isinstance(text, str):
        return ""
    return " ".join(html.unescape(text).split())


def _date(value) -> datetime | None:
    if not isinstance(value, str) or not value:
        return None
    try:
        parsed = datetime.fromisoformat(value)
    except ValueError:
        return None
    parsed = parsed if parsed.tzinfo else parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC).replace(microsecond=0)  # references differ in sub-second noise


class Tally:
    def __init__(self) -> None:
        self.counts: dict[str, list[int]] = {}

    def add(self, field: str, ok: bool) -> None:
        c = self.counts.setdefault(field, [0, 0])
        c[0] += int(ok)
        c[1] += 1

    def rate(self, field: str) -> float:
        ok, total = self.counts.get(field, [0, 0])
        return ok / total if total else 1.0

    def __str__(self) -> str:
        return ", ".join(f"{k} {ok}/{n}" for k, (ok, n) in sorted(self.counts.items()))


def _compare_items(tally: Tally, ours: ParsedFeed, expected_items: list[dict], get) -> None:
    tally.add("entry count", len(ours.items) == len(expected_items))
    for mine, exp in zip(ours.items, expected_items):
        title, link, date = get(exp)
        if title:  # the references keep a title's markup as written (rss-parser: "ft<sup>2</sup>"); ours is text
            tally.add("title", _norm(mine.title) == _reference_text(title))
        if link:
            tally.add("link", (mine.url or "").strip() == link.strip())
        if date:
            tally.add("date", (mine.published or mine.updated) == date)


def _rss_parser_item(exp: dict):
    return exp.get("title"), exp.get("link"), _date(exp.get("isoDate"))


def _feed_rs_item(exp: dict):
    title = (exp.get("title") or {}).get("content")
    links = exp.get("links") or []
    link = links[0].get("href") if links else None
    return title, link, _date(exp.get("published") or exp.get("updated"))


def test_rss_parser_outputs_agree(shared_dir):
    root = shared_dir / RW / "rss-parser"
    tally, pairs = Tally(), 0
    for exp_path in sorted((root / "output").glob("*.json")):
        inp = next((p for p in (root / "input").glob(exp_path.stem + ".*")), None)
        if inp is None:
            continue
        expected = json.loads(exp_path.read_text(encoding="utf-8")).get("feed", {})
        try:
            ours = parse_feed(inp.read_bytes(), url=expected.get("feedUrl"))
        except FeedError:
            tally.add("parsed", False)
            continue
        pairs += 1
        tally.add("parsed", True)
        if expected.get("title"):
            tally.add("feed title", _norm(ours.title) == _reference_text(expected["title"]))
        _compare_items(tally, ours, expected.get("items", []), _rss_parser_item)
    print(f"\nrss-parser ({pairs} pairs): {tally}")
    assert pairs >= 12
    # measured: title 203/214, link 204/214, date 197/197. Every remaining difference is the reference's:
    # it mis-decodes uolNoticias.rss (ISO-8859-1) and leaves gulp-atom.atom's relative links unresolved
    for field, floor in (("title", 0.94), ("link", 0.94), ("date", 0.99), ("feed title", 0.9)):
        assert tally.rate(field) >= floor, (field, str(tally))


def test_feed_rs_outputs_agree(shared_dir):
    root = shared_dir / RW / "feed-rs"
    tally, pairs = Tally(), 0
    for exp_path in sorted(root.rglob("*.serde.json")):
        stem = exp_path.name[: -len(".serde.json")]
        inp = next((p for p in exp_path.parent.glob(stem + ".*") if not p.name.endswith(".serde.json")), None)
        if inp is None:
            continue
        expected = json.loads(exp_path.read_text(encoding="utf-8"))
        try:
            ours = parse_feed(inp.read_bytes(), url="http://example.com/feed")
        except FeedError:
            tally.add("parsed", False)
            continue
        pairs += 1
        tally.add("parsed", True)
        if (expected.get("title") or {}).get("content"):
            tally.add("feed title", _norm(ours.title) == _reference_text(expected["title"]["content"]))
        _compare_items(tally, ours, expected.get("entries", []), _feed_rs_item)
    print(f"\nfeed-rs ({pairs} pairs): {tally}")
    assert pairs >= 30
    # measured: title 70/70, link 63/68 (feed-rs keeps relative links unresolved and host case), date 63/63
    for field, floor in (("title", 0.98), ("link", 0.9), ("date", 0.98)):
        assert tally.rate(field) >= floor, (field, str(tally))


def test_struct_view_round_trips_dates():
    dt = datetime(2004, 2, 28, 18, 14, 55, tzinfo=UTC)
    assert _struct(dt)[:6] == (2004, 2, 28, 18, 14, 55)
    assert time.strftime("%Y", _struct(dt)) == "2004"


# --------------------------------------------------------------------------- through the poller


@pytest.mark.slow
def test_every_corpus_feed_served_over_http_is_polled_without_crashing(shared_dir):
    """All corpus files served by a local HTTP server (with their ``Header:`` lines as response
    headers) and polled in one round: each source ends with a success or a recorded reason."""
    import asyncio

    from newsloom.model import Source
    from newsloom.sources import FetchSettings, Poller, PollSettings
    from newsloom.store.articles import ArticleStore
    from newsloom.store.sources import SourceStore
    from servers import Reply, ScriptedServer

    class Store(SourceStore, ArticleStore):
        pass

    files = feedparser_cases(shared_dir) + realworld_inputs(shared_dir)
    store, handed = Store(":memory:"), []
    with ScriptedServer() as server:
        for n, path in enumerate(files):
            raw = path.read_bytes()
            headers = {k: v for k, v in header_lines(raw).items() if k.lower() != "content-type"}
            ctype = header_lines(raw).get("Content-type", "application/xml")
            server.route(f"/c/{n}", Reply(body=raw, headers=headers, content_type=ctype))
        store.add_sources([Source(url=server.url(f"/c/{n}")) for n in range(len(files))])
        settings = PollSettings(fetch=FetchSettings(allowed_hosts=frozenset({server.host_port}),
                                                    min_host_interval_s=0, per_host_concurrency=4),
                                fetch_pages=False, source_concurrency=16, max_entry_age=None)  # old corpus feeds

        async def go():
            async with Poller(store, settings, handed.extend) as poller:
                return await poller.poll_once()
        results = asyncio.run(go())
    assert len(results) == len(files)
    failed = [r for r in results if not r.ok]
    assert all(r.error for r in failed)
    assert all(st.last_success or st.last_error for _, st in store.source_health())
    print(f"\npolled {len(results)} corpus feeds over HTTP: {len(results) - len(failed)} ok, {len(failed)} "
          f"rejected with a reason; {len(handed)} entries handed over; reasons: "
          f"{sorted({r.error.split(' (')[0] for r in failed})}")
    assert len(failed) <= 12
    # many corpus entries share a link (http://example.org/...), so dedup across sources hands over fewer
    assert sum(r.documents for r in results) == len(handed) >= 400
