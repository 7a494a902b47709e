"""The search page in real headless Chromium (Debian's package, driven by Playwright): a reader types a query,
sees how many results there are, the query's words marked in each excerpt, and pages through them with the
next and previous links; a query typed as markup is shown as typed and never run."""

from __future__ import annotations

import pytest

from helpers import running_server
from newsloom.config import Settings
from newsloom.core import open_newsloom
from test_web_review_fixes import XSS_TEXT, _doc, _plain

pytestmark = pytest.mark.browser
N_HITS = 25  # articles that mention the harbour: two pages of 20 and 5


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    home = tmp_path_factory.mktemp("search-browser")
    nl = open_newsloom(Settings(data_dir=home))
    try:
        for doc in [_plain(i) for i in range(N_HITS - 1)] + [
                _doc("https://gala.example.com/gala", "<script>alert('t')</script> Harbour gala", [XSS_TEXT])]:
            assert all(r.ok for r in nl.ingest_documents([doc]))
    finally:
        nl.close()
    with running_server("serve", home=home) as base:
        yield base, home


def _reader(browser):
    page = browser.new_page()
    dialogs: list[str] = []  # an alert() that ran
    problems: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    page.on("pageerror", lambda e: problems.append(str(e)))
    return page, dialogs, problems


def test_search_pages_through_results_with_the_words_marked(browser, site):
    base, home = site
    page, dialogs, problems = _reader(browser)
    page.goto(base + "/")
    page.fill("header form.search input[name=q]", "Harbour")
    page.press("header form.search input[name=q]", "Enter")
    page.wait_for_selector("ol.results li.result")
    assert page.locator("p.count").inner_text() == f"Results 1–20 of {N_HITS} for “Harbour”."
    assert page.locator("li.result").count() == 20
    marks = page.locator("p.excerpt mark").all_inner_texts()
    assert len(marks) >= 20 and {m.casefold() for m in marks} == {"harbour"}
    background = page.locator("p.excerpt mark").first.evaluate("m => getComputedStyle(m).backgroundColor")
    assert background not in ("", "transparent", "rgba(0, 0, 0, 0)")  # shown as marked, not only tagged
    page.screenshot(path=str(home / "search-1.png"), full_page=True)

    page.click("nav.pager a[rel=next]")
    page.wait_for_url("**page=2")
    assert page.locator("p.count").inner_text() == f"Results 21–{N_HITS} of {N_HITS} for “Harbour”."
    assert page.locator("li.result").count() == N_HITS - 20
    assert page.locator("ol.results").get_attribute("start") == "21"
    assert page.locator("nav.pager a[rel=next]").count() == 0
    assert page.locator("input[name=q]").first.input_value() == "Harbour"

    page.click("nav.pager a[rel=prev]")
    page.wait_for_url("**page=1")
    assert page.locator("li.result").count() == 20 and page.locator("nav.pager a[rel=prev]").count() == 0
    assert dialogs == [] and problems == []
    page.close()


def test_a_query_typed_as_markup_is_shown_as_typed(browser, site):
    base, _ = site
    page, dialogs, problems = _reader(browser)
    typed = "<img src=x onerror=alert(1)><script>alert(2)</script>"
    page.goto(base + "/search")
    page.fill("main form input[name=q]", typed)
    page.press("main form input[name=q]", "Enter")
    page.wait_for_selector("p.count")
    assert page.locator("p.count").inner_text() == f"No results for “{typed}”."
    assert page.locator("main img, main script").count() == 0
    page.goto(base + "/search?q=gala")
    result = page.locator("li.result").first.inner_text()  # the page's markup, as text (headline or excerpt)
    assert "<script>alert('t')</script>" in result and "<img src=x onerror=alert(1)>" in result
    assert set(page.locator("main mark").all_inner_texts()) == {"gala"}
    assert dialogs == [] and problems == []
    page.close()
