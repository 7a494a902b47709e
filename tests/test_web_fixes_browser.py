"""/docs renders Swagger UI in real headless Chromium with every request off this server refused (no
CDN), and the pages load without a console error (the favicon is there)."""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest

from helpers import cli, running_server

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    home = tmp_path_factory.mktemp("docs-browser")
    assert cli("init", home=home).returncode == 0
    with running_server("serve", home=home) as base:
        yield base, home


def _offline_page(browser, base: str):
    """A page that may reach only ``base``: anything else is aborted and recorded; so are console errors,
    failed requests and error statuses."""
    page = browser.new_page()
    outside, problems = [], []
    icons: list[int] = []  # statuses of the favicon requests the browser made
    own = urlsplit(base).netloc

    def route(r):
        if urlsplit(r.request.url).netloc == own or r.request.url.startswith("data:"):
            r.continue_()
        else:
            outside.append(r.request.url)
            r.abort()

    page.route("**/*", route)
    page.on("console", lambda m: problems.append(m.text) if m.type == "error" else None)
    page.on("pageerror", lambda e: problems.append(str(e)))
    page.on("requestfailed", lambda r: problems.append(f"failed: {r.url} {r.failure}"))
    page.on("response", lambda r: problems.append(f"{r.status}: {r.url}") if r.status >= 400 else None)
    page.on("response", lambda r: icons.append(r.status) if "favicon" in r.url else None)
    return page, outside, problems, icons


def test_swagger_ui_renders_with_no_network(browser, server):
    base, home = server
    page, outside, problems, _ = _offline_page(browser, base)
    page.goto(base + "/docs", wait_until="load")
    page.wait_for_selector(".swagger-ui .opblock", timeout=30_000)
    assert "newsloom" in page.locator(".swagger-ui .info .title").inner_text()
    paths = page.locator(".swagger-ui .opblock-summary-path").all_inner_texts()
    assert any("/api/v1/takedowns" in p for p in paths) and any("/api/v1/stories" in p for p in paths)
    page.screenshot(path=str(home / "docs.png"), full_page=False)
    assert outside == [] and problems == []
    page.close()


def test_pages_load_without_console_errors(browser, server):
    base, _ = server
    page, outside, problems, icons = _offline_page(browser, base)
    for path in ("/", "/sources", "/search?q=harbour"):
        page.goto(base + path, wait_until="networkidle")  # the favicon too
    assert outside == [] and problems == []
    assert icons and set(icons) == {200}
    page.close()
