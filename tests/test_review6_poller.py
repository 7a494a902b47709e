"""Review 6, poller: a summary-only entry whose page fails for good is stored from the feed's own text (and
the failure is still said); an ill-formed feed's warning is recorded and kept next to the entries' errors;
a missing child sitemap shows on its index. A real HTTP server on 127.0.0.1 answers."""

from __future__ import annotations

from datetime import UTC, datetime
from html import escape

import pytest

from helpers import Clock, daily_polls, poll_store
from newsloom.model import Source
from newsloom.sources.fetcher import FetchSettings
from newsloom.sources.poller import Poller, PollSettings
from servers import Reply, ScriptedServer

T0 = datetime(2026, 12, 4, 12, 0, tzinfo=UTC)
TEASER = "Council approves the harbour budget after a long night."


@pytest.fixture
def site():
    with ScriptedServer() as server:
        server.route("/robots.txt", Reply(body=b"User-agent: *\nDisallow: /private/\n", content_type="text/plain"))
        yield server


def _rss(items: list[tuple[str, str, str | None]]) -> bytes:
    """An RSS feed of (title, link, description or None) items."""
    parts = []
    for n, (title, link, description) in enumerate(items):
        desc = "" if description is None else f"<description>{escape(description)}</description>"
        parts.append(f"<item><title>{escape(title)}</title><link>{escape(link)}</link><guid>urn:e:{n}</guid>"
                     f"{desc}</item>")
    return (f'<?xml version="1.0"?><rss version="2.0"><channel><title>Harbour news</title>{"".join(parts)}'
            "</channel></rss>").encode()


def _poller(store, server: ScriptedServer, sink, clock: Clock, **kw) -> Poller:
    fetch = FetchSettings(allowed_hosts=frozenset({server.host_port}), min_host_interval_s=0.0, timeout_s=3.0,
                          max_body_bytes=kw.pop("max_body_bytes", 2**20))
    return Poller(store, PollSettings(fetch=fetch, seed=1, **kw), sink, clock=clock)



# -- 1. the feed's own text when the page fails for good --------------------------------------------------------
@pytest.mark.parametrize(("path", "reply", "reason"), [
    ("/gone.html", Reply(status=404, body=b"nope"), "HTTP 404"),
    ("/removed.html", Reply(status=410), "HTTP 410"),
    ("/forbidden.html", Reply(status=403), "HTTP 403"),
    ("/private/a.html", Reply(body=b"<html><p>never asked</p></html>"), "robots.txt"),
    ("/huge.html", Reply(body=b"<html>" + b"x" * 20000 + b"</html>"), "limit"),
    ("/report.pdf", Reply(body=b"%PDF-1.4 ...", content_type="application/pdf"), "not an HTML page"),
    ("/image.html", Reply(body=b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)) * 4), "binary"),
])
def test_a_summary_entry_whose_page_fails_for_good_is_stored_from_the_feed(site, path, reply, reason):
    site.route(path, reply)
    site.route("/feed", Reply(body=_rss([("Harbour budget approved", site.url(path), TEASER)]),
                              content_type="application/rss+xml"))
    store, docs, clock = poll_store(), [], Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))

    first, second = daily_polls(_poller(store, site, docs.extend, clock, max_body_bytes=8192), clock, 2)

    [doc] = docs
    assert doc.url == site.url(path) and doc.hints["origin"] == "feed-summary"
    assert doc.hints["title"] == "Harbour budget approved" and TEASER.encode() in doc.body
    assert first[0].ok and first[0].documents == 1 and first[0].page_errors == 1
    # the page's failure is still said: on the poll (and the source, until a poll without trouble) and in the
    # errors list
    assert reason in first[0].error and "summary" in first[0].error
    assert store.get_state(src.id).last_error is None  # the second poll had no trouble: nothing stale is shown
    [error] = [e for e in store.list_errors(limit=0) if e.subject == site.url(path)]
    assert reason in error.message and "summary" in error.message
    # marked seen: not gathered again
    assert second[0].new_items == 0 and len(docs) == 1
    assert site.hits(path) == (0 if path.startswith("/private/") else 1)


@pytest.mark.parametrize("description", [None, "<p> </p>"])
def test_an_entry_without_any_text_whose_page_fails_is_not_stored(site, description):
    site.route("/feed", Reply(body=_rss([("Only a title", site.url("/gone.html"), description)]),
                              content_type="application/rss+xml"))
    store, docs, clock = poll_store(), [], Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))

    [[result]] = daily_polls(_poller(store, site, docs.extend, clock), clock, 1)

    assert docs == [] and result.page_errors == 1
    assert "1 entry failed" in store.get_state(src.id).last_error
    assert "summary" not in store.get_state(src.id).last_error
    assert any("HTTP 404" in e.message for e in store.list_errors(limit=0))


def test_a_temporary_page_failure_is_retried_not_replaced_by_the_summary(site):
    site.route("/busy.html", Reply(status=503, body=b"busy"),
               Reply(body=b"<html><title>Harbour</title><p>The whole article.</p></html>"))
    site.route("/feed", Reply(body=_rss([("Harbour budget approved", site.url("/busy.html"), TEASER)]),
                              content_type="application/rss+xml"))
    store, docs, clock = poll_store(), [], Clock(T0)
    store.add_source(Source(url=site.url("/feed")))

    first, second = daily_polls(_poller(store, site, docs.extend, clock), clock, 2)

    assert first[0].documents == 0 and first[0].page_errors == 1  # nothing stored yet: retried at the next poll
    assert [(d.url, d.hints["origin"]) for d in docs] == [(site.url("/busy.html"), "page")]
    assert second[0].documents == 1 and site.hits("/busy.html") == 2


# -- 2. an ill-formed feed is said, in the errors list and next to the entries' errors --------------------------
def test_an_ill_formed_feeds_warning_is_recorded_and_kept_with_the_entries_errors(site):
    feed = _rss([("A & B", site.url("/gone1.html"), None), ("C", site.url("/gone2.html"), None)])
    feed = feed.replace(b"A &amp; B", b"A & B")  # an unescaped '&': feedparser recovers the entries
    site.route("/feed", Reply(body=feed, content_type="application/rss+xml"))
    store, clock = poll_store(), Clock(T0)
    src = store.add_source(Source(url=site.url("/feed")))

    [[result]] = daily_polls(_poller(store, site, None, clock, batch_size=1), clock, 1)

    assert result.ok
    last_error = store.get_state(src.id).last_error
    assert last_error.startswith("ill-formed feed, data recovered (")
    assert "; 2 entries failed, e.g. " in last_error  # both batches' failures, after the feed's own damage
    [warning] = [e for e in store.list_errors(limit=0) if e.subject == site.url("/feed")]
    assert warning.message.startswith("ill-formed feed, data recovered (")


def test_a_missing_child_sitemap_shows_on_its_index(site):
    site.route("/sitemap.xml", Reply(body=(
        '<?xml version="1.0"?><sitemapindex xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<sitemap><loc>{site.url('/news.xml')}</loc></sitemap>"
        f"<sitemap><loc>{site.url('/gone.xml')}</loc></sitemap></sitemapindex>").encode(),
        content_type="application/xml"))
    site.route("/news.xml", Reply(body=(
        '<?xml version="1.0"?><urlset xmlns="http://www.sitemaps.org/schemas/sitemap/0.9">'
        f"<url><loc>{site.url('/art/0')}</loc></url></urlset>").encode(), content_type="application/xml"))
    site.route("/art/0", Reply(body=b"<html><title>Zero</title><p>Body</p></html>"))
    store, docs, clock = poll_store(), [], Clock(T0)
    src = store.add_source(Source(url=site.url("/sitemap.xml"), kind="sitemap"))

    [[result]] = daily_polls(_poller(store, site, docs.extend, clock), clock, 1)

    assert result.ok and [d.url for d in docs] == [site.url("/art/0")]
    last_error = store.get_state(src.id).last_error
    assert f"child sitemap {site.url('/gone.xml')}: HTTP 404" in last_error
    assert any(e.subject == site.url("/gone.xml") for e in store.list_errors(limit=0))
