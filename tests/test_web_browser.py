"""The web UI in real headless Chromium (Debian's package, driven by Playwright)."""

from __future__ import annotations

import pytest

from helpers import cli, running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def site(tmp_path_factory, seeds_dir):
    home = tmp_path_factory.mktemp("browser")
    assert cli("ingest", str(seeds_dir), home=home).returncode == 0
    with running_server("serve", home=home) as base:
        yield base, home


def test_reader_goes_from_front_page_to_story_to_original(browser, site):
    base, home = site
    page = browser.new_page()
    page.goto(base + "/")
    link = page.locator("a.story-title").first
    assert "NATO" in link.inner_text()
    link.click()
    page.wait_for_selector("#copy-tree")
    tree = page.locator("#copy-tree").inner_text()
    assert "AP" in tree and "Reuters" in tree and "WINK News" in tree
    assert "automated republication" in tree
    quotes = page.locator("#quotes").inner_text()
    assert "Jens Stoltenberg" in quotes
    assert "we have not seen any Russian forces withdraw" in quotes
    assert "We have not seen any withdrawal of Russian forces" in quotes
    page.screenshot(path=str(home / "story.png"), full_page=True)
    page.locator("#coverage a:not(.orig)").first.click()
    page.wait_for_selector("#provenance")
    assert "Primary source" in page.locator("#provenance").inner_text()
    page.close()


def test_search_box_finds_articles(browser, site):
    base, _ = site
    page = browser.new_page()
    page.goto(base + "/")
    page.fill("header input[type=search]", "Stoltenberg")
    page.keyboard.press("Enter")
    page.wait_for_selector("ol.results li")
    assert page.locator("ol.results li").count() == 2
    page.close()
