"""What a reviewer found in real Chromium, mended: text from the web cannot turn the page's own words around
(bidirectional controls), every response carries security headers under which the pages still load, no
page scrolls sideways on a phone (long words, wide tables), right-to-left headlines read right to left,
the coverage table shows the time of publication, and the search box on the search page has a label."""

from __future__ import annotations

import httpx
import pytest

from helpers import cli, running_server

pytestmark = pytest.mark.browser

RLO = "\u202e"
FILLER = ("The council met on Tuesday evening and voted on the budget for the coming year after a long "
          "debate about roads, schools and the harbour. Members said the vote was close and that the "
          "plan would be reviewed in the spring when the first figures come in from the new port.")


def _page(title: str, body: str, *, lang: str = "en", published: str | None = None) -> str:
    meta = f'<meta property="article:published_time" content="{published}">' if published else ""
    return (f'<html lang="{lang}"><head><title>{title}</title>{meta}</head><body><article><h1>{title}</h1>'
            f"{body}</article></body></html>")


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("reader-home")
    pages = tmp_path_factory.mktemp("reader-pages")
    (pages / "rlo.html").write_text(_page(f"Lighthouse keeper retires {RLO}after 40 years",
                                          f"<p>Lighthouse keeper Ann Marsh retires after 40 years. {FILLER}</p>"),
                                    encoding="utf-8")
    word = "Supercalifragilisticexpialidocious" * 12
    (pages / "long.html").write_text(_page(f"{word} parade", f"<p>{word} {FILLER}</p><p>{FILLER}</p>"),
                                     encoding="utf-8")
    arabic = ("أعلنت وزارة الصحة اليوم عن افتتاح مستشفى جديد في المدينة يضم مئتي سرير ويخدم آلاف السكان في "
              "المنطقة. وقال الوزير إن المستشفى سيبدأ استقبال المرضى في الشهر المقبل بعد اكتمال التجهيزات.")
    (pages / "ar.html").write_text(_page("افتتاح مستشفى جديد في المدينة", f"<p>{arabic}</p><p>{arabic}</p>",
                                         lang="ar"), encoding="utf-8")
    story = ("<p>The Elsworth ferry company said on Monday that it will add a night crossing to Port Talbot "
             "from June, after passenger numbers rose by a fifth last year.</p><p>The company's chief "
             "executive, Mary Lund, said the night crossing would run five days a week.</p><p>The new ship is 200 meters "
             "long, carries 1,400 passengers and 350 cars, cost 120 million euros and will save 15,000 tonnes of "
             "fuel and 42,000 hours of crew time a year.</p>")
    (pages / "ferry-a.html").write_text(_page("Elsworth ferry adds night crossing", story,
                                              published="2026-03-02T08:00:00+00:00"), encoding="utf-8")
    (pages / "ferry-b.html").write_text(_page("Night crossing for Elsworth ferry from June", story
                                              + "<p>Unions welcomed the plan.</p>",
                                              published="2026-03-02T14:00:00+00:00"), encoding="utf-8")
    assert cli("ingest", str(pages), home=home).returncode == 0
    with running_server("serve", home=home) as base:
        articles = httpx.get(base + "/api/v1/articles", params={"limit": 50}).json()["articles"]
        yield base, {a["title"]: a["id"] for a in articles}


def _story_of(base: str, article_id: str) -> str:
    return httpx.get(f"{base}/api/v1/articles/{article_id}").json()["story"]["id"]


def test_every_response_carries_security_headers(site):
    base, ids = site
    for path in ("/", f"/articles/{next(iter(ids.values()))}", "/api/v1/stories", "/feeds/stories.atom",
                 "/search?q=ferry", "/no-such-page", "/docs"):
        got = httpx.get(base + path)
        headers = got.headers
        assert headers["x-content-type-options"] == "nosniff", path
        assert headers["x-frame-options"] == "DENY", path
        assert headers["referrer-policy"] == "strict-origin-when-cross-origin", path
        policy = headers["content-security-policy"]
        assert "frame-ancestors 'none'" in policy, path
        assert ("'unsafe-inline'" in policy) is (path == "/docs"), path  # only Swagger UI starts inline


def test_a_right_to_left_override_in_a_headline_stays_out_of_the_page(browser, site):
    base, ids = site
    (title,) = [t for t in ids if t.startswith("Lighthouse")]
    assert RLO in title  # stored as the publisher wrote it (the API gives it back unchanged)
    page = browser.new_page()
    for path in ("/", f"/articles/{ids[title]}", f"/stories/{_story_of(base, ids[title])}"):
        page.goto(base + path)
        text = page.locator("body").inner_text()
        assert RLO not in text, path
        assert "Lighthouse keeper retires after 40 years" in text, path
    page.close()


def test_no_page_scrolls_sideways_on_a_phone(browser, site):
    base, ids = site
    page = browser.new_page(viewport={"width": 375, "height": 667})
    long_id = next(i for t, i in ids.items() if t.startswith("Supercali"))
    ferry = next(i for t, i in ids.items() if "ferry" in t.lower())
    problems = []
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    for path in ("/", "/sources", "/search?q=ferry", f"/articles/{long_id}", f"/stories/{_story_of(base, long_id)}",
                 f"/stories/{_story_of(base, ferry)}"):
        page.goto(base + path)
        width = page.evaluate("document.documentElement.scrollWidth")
        assert width <= 375, (path, width)
        # the style sheet loaded under the Content-Security-Policy: the header is laid out as it says
        assert page.evaluate("getComputedStyle(document.querySelector('header.top')).display") == "flex", path
    assert problems == []
    page.close()


def test_on_a_phone_every_column_of_the_coverage_and_the_metadata_is_on_screen(browser, site):
    """The coverage table (five columns) and an article's metadata (three) become labelled lines on a phone:
    the figures a source gives are on screen, not in a column scrolled out of sight."""
    base, ids = site
    ferry = next(i for t, i in ids.items() if "ferry" in t.lower())
    page = browser.new_page(viewport={"width": 375, "height": 667})
    page.goto(f"{base}/stories/{_story_of(base, ferry)}")
    outside = """sel => [...document.querySelectorAll(sel)].filter(e => e.offsetParent !== null).map(e => {
        const box = e.getBoundingClientRect(); return [e.textContent.trim().slice(0, 40), box.left, box.right];
    }).filter(([, left, right]) => left < 0 || right > 375)"""
    numbers = page.locator("table.coverage td[data-label=numbers]").all_inner_texts()
    assert len(numbers) == 2 and all("1,400 passengers" in n for n in numbers)
    assert page.evaluate(outside, "table.coverage td") == []
    label = page.evaluate("""getComputedStyle(document.querySelector('table.coverage td[data-label=numbers]'),
                             '::before').content""")
    assert label == '"numbers: "'
    page.goto(f"{base}/articles/{ferry}")
    assert page.locator("table.fields th").count() >= 2
    assert page.evaluate(outside, "table.fields th, table.fields td") == []
    page.close()


def test_a_right_to_left_headline_reads_right_to_left(browser, site):
    base, ids = site
    arabic = next(i for t, i in ids.items() if t.startswith("افتتاح"))
    page = browser.new_page()
    page.goto(f"{base}/articles/{arabic}")
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('#text p')).direction") == "rtl"
    english = next(i for t, i in ids.items() if "ferry" in t.lower())
    page.goto(f"{base}/articles/{english}")
    assert page.evaluate("getComputedStyle(document.querySelector('h1')).direction") == "ltr"
    page.close()


def test_coverage_shows_the_time_of_publication_and_search_has_a_label(browser, site):
    base, ids = site
    ferry = next(i for t, i in ids.items() if "ferry" in t.lower())
    page = browser.new_page()
    page.goto(f"{base}/stories/{_story_of(base, ferry)}")
    cells = page.locator("table.coverage tbody td:nth-child(2)").all_inner_texts()
    assert cells == ["2026-03-02 08:00 UTC", "2026-03-02 14:00 UTC"]
    # no column header broken inside a word ("publishe / d"): each is at least as wide as its longest word
    short = page.evaluate("""[...document.querySelectorAll('table.coverage th')].filter(th => {
        const style = getComputedStyle(th), ctx = document.createElement('canvas').getContext('2d');
        ctx.font = style.font;
        const room = th.clientWidth - parseFloat(style.paddingLeft) - parseFloat(style.paddingRight);
        return Math.max(...th.textContent.trim().split(/\\s+/).map(w => ctx.measureText(w).width)) > room + 0.5;
    }).map(th => th.textContent)""")
    assert short == []
    page.goto(f"{base}/search?q=ferry")
    box = page.get_by_label("Words to find")
    assert box.input_value() == "ferry"
    assert page.title() == "Search: ferry · newsloom"
    page.close()
