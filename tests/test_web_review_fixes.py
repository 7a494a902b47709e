"""Web review fixes, in-process (FastAPI TestClient) on pages ingested through the pipeline: search results
counted, paged and excerpted with the query's words marked (only from text the publisher lets newsloom
show, everything escaped); "why these articles are together" in words; the front page past its last page;
singular counts; one label for an article without a known publisher; integer parameters bounded."""

from __future__ import annotations

import html
import re
from dataclasses import replace
from types import SimpleNamespace

import pytest
from fastapi.testclient import TestClient

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import Article, FetchedDocument
from newsloom.web import create_app, views

TOKEN = "s3cret-token"
N_PLAIN = 24  # plain articles that mention the harbour: with the others, two pages of search results
WORDS = ["river", "bridge", "council", "budget", "school", "teacher", "railway", "station", "museum", "garden",
         "festival", "library", "hospital", "airport", "tunnel", "market", "factory", "orchard", "vineyard",
         "lighthouse", "stadium", "theatre", "orchestra", "bakery", "brewery", "ferry", "glacier", "volcano",
         "desert", "forest", "island", "canyon", "meadow", "parliament", "election", "court", "senate"]
SECRET = "The pilots agreed a confidential harbour settlement worth nine million crowns."  # nosnippet
LATE = "Much later the harbour master closed the northern basin to all traffic."  # beyond max-snippet:40
XSS_TEXT = "Guests at the harbour gala wrote <img src=x onerror=alert(1)> on the wall of the quay."
REPRINT = ("<p>The harbour authority of Port Elsworth said on Monday that shipping traffic rose by a tenth in the "
           "first quarter, with container volumes at a record high for the season.</p><p>Officials expect growth "
           "to continue through the summer, the authority added in its statement on Monday.</p><p>Dock workers at "
           "Port Elsworth said the new cranes installed in January doubled the unloading speed.</p>")
# three reports of one event in other words: the second and third join the first's story by similarity
FERRY = [
    ("https://lakeside-times.example.com/ferry", "Ferry capsizes on Lake Marren, 14 rescued", [
        ("A passenger ferry capsized on Lake Marren near the harbour of Oskby on Saturday, and coastguard crews "
         "rescued 14 people from the water, officials said."),
        ("The ferry Nordljus was carrying 16 passengers when strong winds hit it, Oskby coastguard chief Helena "
         "Strand told reporters."),
        "Two passengers are still missing and divers will resume the search at first light on Sunday, Strand said."]),
    ("https://valley-post.example.net/marren", "Two missing after Lake Marren ferry accident", [
        ("Rescuers pulled 14 people alive from Lake Marren after the ferry Nordljus overturned in high winds close "
         "to Oskby on Saturday."),
        ("Coastguard chief Helena Strand said two of the 16 people on board had not been found and that divers "
         "would search again on Sunday morning."),
        "The ferry company said it was cooperating with the investigation into the capsizing near the Oskby harbour."]),
    ("https://north-radio.example.org/nordljus", "Search for two ferry passengers resumes at Oskby", [
        ("Divers on Sunday resumed the search for two passengers of the Nordljus ferry, which capsized on Lake "
         "Marren near Oskby on Saturday."),
        "Fourteen of the 16 people aboard were rescued by the coastguard, Helena Strand, the coastguard chief, said.",
        ("Relatives gathered at the Oskby harbour waiting for news, and the ferry operator suspended all sailings "
         "on the lake.")]),
]
WIRE_TXT = """Harbour cranes idle as dock workers walk out

ROTTERDAM — Dock workers at the harbour walked out on Tuesday over pay, leaving cranes idle and ships waiting at \
anchor, union officials said.

The strike is the first at the port in twelve years and could last until Friday, the union said in a statement.

Port managers said talks would resume on Wednesday and that perishable cargo was being moved by road.

(Reporting by Anna Visser; editing by Mark Potter)
"""


def _doc(url: str, title: str, paras: list[str], *, robots: str | None = None, day: int = 1) -> FetchedDocument:
    meta = f'<meta name="robots" content="{robots}">' if robots else ""
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras)
    page = (f"<html><head><title>{html.escape(title)}</title>{meta}"
            f'<meta property="article:published_time" content="2026-03-{day:02d}T08:00:00Z"></head>'
            f"<body><article><h1>{html.escape(title)}</h1>{body}</article></body></html>")
    return FetchedDocument(url=url, body=page.encode())


def _plain(i: int) -> FetchedDocument:
    a, b, c, d, e, f = (WORDS[(i * 7 + k * 5) % len(WORDS)] for k in range(6))
    return _doc(f"https://site{i % 5}.example.org/news/{i}", f"{a.title()} and {b} news number {i}",
                [f"The {a} of town {i} reported that the {b} near the harbour had changed its plans for the {c}.",
                 f"Officials said the {d} and the {e} would reopen after repairs costing {i * 1000 + 17} euros.",
                 f"Residents of district {i} welcomed the {f} project, which the mayor called a turning point."],
                day=1 + i % 27)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("webreview")
    nl = open_newsloom(Settings(data_dir=home, admin_token=TOKEN))
    docs = [_plain(i) for i in range(N_PLAIN)]
    docs.append(_doc("https://closed.example.com/pilots", "Pilots end dispute",
                     ["Talks between the pilots and the port ended on Sunday night after a week.", SECRET],
                     robots="nosnippet"))
    docs.append(_doc("https://short.example.com/basin", "Fishermen at dawn",
                     ["Fishermen gathered on the quay at dawn to sell the catch of the night.", LATE],
                     robots="max-snippet:40"))
    docs += [_doc(url, title, paras, day=28) for url, title, paras in FERRY]
    docs.append(_doc("https://gala.example.com/gala", "<script>alert('t')</script> Harbour gala",
                     [XSS_TEXT, "The gala raised money for the lifeboat crews of the coast."]))
    for doc in docs:
        assert all(r.ok for r in nl.ingest_documents([doc]))
    for url, title in (("https://first.example.org/elsworth", "Port Elsworth shipping traffic hits a record"),
                       ("https://second.example.net/elsworth-copy", "Record quarter at Port Elsworth harbour")):
        page = f"<html><head><title>{title}</title></head><body><article><h1>{title}</h1>{REPRINT}</article></body></html>"
        assert all(r.ok for r in nl.ingest_documents([FetchedDocument(url=url, body=page.encode())]))
    wire = home / "wire.txt"  # a local file: no publisher, a Reuters credit line
    wire.write_text(WIRE_TXT, encoding="utf-8")
    assert all(r.ok for r in nl.ingest_file(wire))
    with TestClient(create_app(nl), raise_server_exceptions=False) as client:
        yield SimpleNamespace(client=client, nl=nl, home=home)
    nl.close()


def _main(resp) -> str:
    return resp.text[resp.text.index("<main id=\"content\">"):resp.text.index("</main>")]


def _count_line(page: str) -> str:
    return html.unescape(re.search(r'<p class="muted count">(.*?)</p>', page, re.DOTALL).group(1)).strip()


def _excerpts(page: str) -> list[str]:
    return re.findall(r'<p class="excerpt" dir="auto">(.*?)</p>', page, re.DOTALL)


def _article_id(site, url: str) -> str:
    return site.nl.store.find_article_ids(url=url)[0]


# -- 1: search: a true count, pages, excerpts with the words marked ---------------------------------------------
def test_search_counts_every_result_and_pages_through_them(site):
    total = len(site.client.get("/api/v1/search", params={"q": "harbour", "limit": 200}).json()["results"])
    assert total > 20  # the fixture's point: more than one page
    first = _main(site.client.get("/search", params={"q": "harbour"}))
    assert _count_line(first) == f"Results 1–20 of {total} for “harbour”."
    assert first.count('<li class="result">') == 20
    assert 'href="/search?q=harbour&amp;page=2" rel="next"' in first and 'rel="prev"' not in first
    second = _main(site.client.get("/search", params={"q": "harbour", "page": 2}))
    assert _count_line(second) == f"Results 21–{total} of {total} for “harbour”."
    assert second.count('<li class="result">') == total - 20 and '<ol class="results" start="21">' in second
    assert 'href="/search?q=harbour&amp;page=1" rel="prev"' in second and 'rel="next"' not in second
    ids = [re.findall(r'class="result-title" dir="auto" href="/articles/(\w+)"', p) for p in (first, second)]
    assert not set(ids[0]) & set(ids[1]) and len(set(ids[0] + ids[1])) == total  # every hit once


def test_a_search_page_past_the_results_links_back_and_huge_pages_are_refused(site):
    past = site.client.get("/search", params={"q": "harbour", "page": 3})
    assert past.status_code == 200
    assert "No results on this page" in _count_line(_main(past)) and 'href="/search?q=harbour&amp;page=1"' in past.text
    one = _main(site.client.get("/search", params={"q": "Elsworth"}))
    assert _count_line(one) == "2 results for “Elsworth”." and 'class="pager"' not in one
    assert _count_line(_main(site.client.get("/search", params={"q": "zzzunheardof"}))) == "No results for “zzzunheardof”."
    far = site.client.get("/search", params={"q": "harbour", "page": 26})  # past the counted results too
    assert far.status_code == 200 and "No results on this page" in _count_line(_main(far))
    for page in ("0", "9223372036854775808", "x"):
        got = site.client.get("/search", params={"q": "harbour", "page": page})
        assert got.status_code == 422 and "Back to the stories" in got.text, page


def test_search_results_show_an_excerpt_with_the_words_marked(site):
    page = _main(site.client.get("/search", params={"q": "HARBOUR"}))
    excerpts = _excerpts(page)
    assert page.count('<li class="result">') == 20
    assert len(excerpts) >= 19 and sum("<mark>" in e for e in excerpts) >= 18  # not the restricted two
    for e in excerpts:
        assert set(re.findall(r"<[^>]*>", e)) <= {"<mark>", "</mark>"}, e  # no other markup, ever
        assert {m.casefold() for m in re.findall(r"<mark>(.*?)</mark>", e)} <= {"harbour"}
    assert "<mark>Harbour</mark>" in page  # in headlines too


def test_search_shows_only_what_the_publisher_allows(site):
    pages = "".join(_main(site.client.get("/search", params={"q": "harbour", "page": n})) for n in (1, 2))
    text = html.unescape(pages)
    assert "Pilots end dispute" in text and "Fishermen at dawn" in text  # found: they match
    assert SECRET not in text and "nine million" not in text and "Talks between the pilots" not in text
    assert "No excerpt: the publisher's robots directives do not allow one." in text
    assert "closed the northern basin" not in text  # beyond max-snippet:40
    short = views.excerpt(site.nl.store.get_article(_article_id(site, "https://short.example.com/basin")),
                          views.search_terms("harbour"))
    assert str(short) == "Fishermen gathered …"  # of the 40 characters allowed, those after the headline


def test_search_escapes_the_query_and_the_text(site):
    resp = site.client.get("/search", params={"q": "gala harbour <>\"'&"})
    page = _main(resp)
    assert "harbour &lt;&gt;&#34;&#39;&amp;" in page and _count_line(page) == "1 result for “gala harbour <>\"'&”."
    assert "<img src=x" not in resp.text and "<script>alert" not in resp.text
    assert "&lt;img src=x onerror=alert(1)&gt;" in page and "&lt;script&gt;alert" in page
    assert "<mark>gala</mark>" in page and "<mark>harbour</mark>" in page
    typed = site.client.get("/search", params={"q": "<script>alert(1)</script>"})
    assert "<script>alert(1)" not in typed.text and "&lt;script&gt;alert(1)&lt;/script&gt;" in _main(typed)


def test_excerpts_are_escaped_before_marks_are_added():
    art = Article(id="x1", title="t", text="A <mark>harbour</mark> & \ue000harbour\ue001 <script>x</script> harbourside.")
    got = str(views.excerpt(art, views.search_terms("harbour")))
    assert got.count("<mark>") == 2 and got.count("</mark>") == 2  # the two words: tags in the text are text
    assert "&lt;mark&gt;" in got and "&lt;script&gt;" in got and "harbourside" in got
    assert "<mark>harbourside" not in got  # whole words only, as the index matches
    assert str(views.excerpt(replace(art, robots=("nosnippet",)), views.search_terms("harbour"))) == ""
    cafe = str(views.excerpt(replace(art, text="Le Café du Port ouvre."), views.search_terms("cafe")))
    assert "<mark>Café</mark>" in cafe  # accents and case dropped, as the index drops them


def test_a_long_texts_excerpt_comes_from_its_opening(monkeypatch):
    filler = "The quay was quiet all week. " * 2000  # 58,000 characters before the word
    art = Article(id="x2", title="t", text="Opening words here. " + filler + "The harbour reopened.")
    seen = []
    real = views._spans
    monkeypatch.setattr(views, "_spans", lambda text, terms: seen.append(len(text)) or real(text, terms))
    got = str(views.excerpt(art, views.search_terms("harbour")))
    assert seen == [views.EXCERPT_SCAN]  # only the opening is scanned, not the whole text
    assert got.startswith("Opening words here.") and got.endswith(" …") and "<mark>" not in got


def test_search_counting_stops_at_its_cap(site):
    got = views.search_page(site.nl, "harbour", page=2, per_page=5, counted=10)
    assert got.total == 10 and got.more and got.pages == 2 and (got.first, got.last) == (6, 10)


# -- 2: why these articles are together, in words ---------------------------------------------------------------
def _why(site, article_url: str) -> tuple[str, str]:
    aid = _article_id(site, article_url)
    story_id = site.client.get(f"/api/v1/articles/{aid}").json()["story"]["id"]
    page = site.client.get(f"/stories/{story_id}").text
    section = page[page.index('id="why"'):page.index("</section>", page.index('id="why"'))]
    return section, aid


def test_why_says_a_copy_in_words_and_links_the_original_by_title(site):
    section, copy = _why(site, "https://second.example.net/elsworth-copy")
    original = _article_id(site, "https://first.example.org/elsworth")
    assert "copy-of:" not in section and ": new" not in section
    copy_line = section[section.index(f'<li><a dir="auto" href="/articles/{copy}">'):]
    assert "score" not in copy_line[:copy_line.index("</li>")]  # a copy joins as a copy: no score
    assert f'a copy of <a dir="auto" href="/articles/{original}">Port Elsworth shipping traffic hits a record</a>' in section
    assert "(<bdi>first.example.org</bdi>)" in section and "started this story" in section


def test_why_shows_the_similarity_score_only_for_a_similarity_join(site):
    sections = {}
    for url, _, _ in FERRY:
        section, aid = _why(site, url)
        asg = site.nl.store.assignment_of(aid)
        sections.setdefault(asg.reason.split(":")[0], []).append((section, asg))
    assert "similarity" in sections and "new" in sections  # the fixture's point
    join_at = site.nl.join_probability
    for section, asg in sections["similarity"]:
        assert asg.probability is not None and asg.probability >= join_at  # what decided the join is kept
        assert (f"similar to the story <span class=\"score\">({asg.probability:.2f} likely to report this story's "
                f"event, where joining takes {join_at:.2f}; similarity score {asg.score:.2f})</span>") in html.unescape(section)
        assert "0 means nothing in common" in section and "learned model's estimate" in section
    for section, asg in sections["new"]:
        line = re.search(rf'href="/articles/{asg.article_id}">[^<]*</a>: ([^<]*)', section).group(1)
        assert line.startswith("started this story") and "score" not in line
        if asg.probability is not None:  # the closest open story fell short of the join level
            assert asg.probability < join_at
            assert (f"(the closest open story was {asg.probability:.2f} likely, short of the {join_at:.2f} "
                    "joining takes)") in section


# -- 3: the front page past its last page -------------------------------------------------------------------------
def test_a_front_page_past_the_last_links_back_and_is_not_an_empty_store(site):
    n_stories = site.nl.store.count_stories()
    last = -(-n_stories // 30)
    page = site.client.get(f"/?page={last + 1}")
    assert page.status_code == 200
    text = html.unescape(_main(page))
    assert "No stories yet" not in text and "0 stories on this page" not in text
    assert f"No stories on this page: {n_stories} stories are stored" in text
    assert 'href="/" rel="first"' in page.text and (last == 1 or f'href="/?page={last}" rel="last"' in page.text)
    assert "No stories on this page" not in site.client.get("/").text


def test_an_empty_store_still_says_so(tmp_path):
    nl = open_newsloom(Settings(data_dir=tmp_path / "empty"))
    try:
        with TestClient(create_app(nl)) as client:
            for path in ("/", "/?page=3"):
                text = client.get(path).text
                assert "No stories yet" in text and "No stories on this page" not in text, path
    finally:
        nl.close()


# -- 4: plurals --------------------------------------------------------------------------------------------------
def test_the_story_page_counts_in_the_singular(site):
    story_id = site.client.get(f"/api/v1/articles/{_article_id(site, 'https://gala.example.com/gala')}").json()["story"]
    assert story_id["article_count"] == 1 and story_id["n_sources"] == 1
    page = site.client.get(f"/stories/{story_id['id']}").text
    assert "1 source · 1 article" in page and "1 sources" not in page and "1 articles" not in page
    pair = site.client.get(f"/api/v1/articles/{_article_id(site, 'https://first.example.org/elsworth')}").json()
    assert "2 sources · 2 articles" in site.client.get(f"/stories/{pair['story']['id']}").text


# -- 5: an article with no known publisher -----------------------------------------------------------------------
def test_an_article_without_a_publisher_has_one_label_everywhere(site):
    (aid,) = [a.id for a in site.nl.articles(limit=100) if a.url and a.url.startswith("file://")]
    label = "unknown publisher (Reuters)"
    page = site.client.get(f"/articles/{aid}").text
    meta = re.search(r'<div class="meta">(.*?)</div>', page, re.DOTALL).group(1)
    assert re.sub(r"<[^>]+>", "", meta).strip().startswith(label)  # no leading " · "
    chain = page[page.index('<ol class="chain">'):page.index("</ol>", page.index('<ol class="chain">'))]
    assert f'<a href="/articles/{aid}">{label}</a>' in chain and ">unknown<" not in chain
    results = _main(site.client.get("/search", params={"q": "cranes idle"}))
    assert f'<div class="meta">{label}' in results
    story = site.client.get(f"/api/v1/articles/{aid}").json()["story"]["id"]
    assert label in site.client.get(f"/stories/{story}").text


# -- 6: integer parameters are bounded ---------------------------------------------------------------------------
@pytest.mark.parametrize("takedown_id", ["9223372036854775808", "99999999999999999999999", "0", "-1"])
def test_takedown_ids_out_of_range_are_a_422_not_a_500(site, takedown_id):
    got = site.client.delete(f"/api/v1/takedowns/{takedown_id}", headers={"X-Admin-Token": TOKEN})
    assert got.status_code == 422
    body = got.json()
    assert body["error"] == "ValidationError" and body["details"][0]["loc"] == ["path", "takedown_id"]


def test_the_largest_takedown_id_is_simply_not_found(site):
    got = site.client.delete("/api/v1/takedowns/9223372036854775807", headers={"X-Admin-Token": TOKEN})
    assert got.status_code == 404 and got.json()["error"] == "NotFoundError"
