"""The story page's quote table and `newsloom show STORY` say who adds a quote that a copy carries and its
original does not."""

from __future__ import annotations

import html
import re

from fastapi.testclient import TestClient

from newsloom.config import Settings
from newsloom.core import open_newsloom
from newsloom.model import FetchedDocument
from newsloom.web import create_app

ORIGINAL = [
    ("The harbour authority of Port Elsworth closed the northern quay on Monday after cracks were found in its "
     "concrete, harbour master Ingrid Vale said."),
    '"We cannot let ships berth there until the engineers have checked every pillar," Vale said.',
    ("Ships bound for the quay will unload at the southern basin for at least two weeks, the authority said in "
     "a statement."),
    '"The southern basin can take the extra traffic without delays," Vale told reporters at the harbour.',
]
ADDED = '"Nobody was hurt and the cargo already on the quay is safe," Vale said on Tuesday.'


def _page(url: str, source: str, paras: list[str], day: int) -> FetchedDocument:
    body = "".join(f"<p>{html.escape(p, quote=False)}</p>" for p in paras)
    title = "Port Elsworth closes northern quay after cracks found"
    page = (f'<html><head><title>{title}</title><meta property="og:site_name" content="{source}">'
            f'<meta property="article:published_time" content="2026-03-{day:02d}T08:00:00Z"></head>'
            f"<body><article><h1>{title}</h1>{body}</article></body></html>")
    return FetchedDocument(url=url, body=page.encode())


def _story(home) -> str:
    """A store in ``home`` holding an original and a copy that adds one quote; the story's id."""
    nl = open_newsloom(Settings(data_dir=home))
    try:
        for doc in (_page("https://orig-daily.example.org/quay", "Orig Daily", ORIGINAL, 2),
                    _page("https://maxsnip.example.net/quay", "MaxSnip News", [*ORIGINAL, ADDED], 3)):
            assert all(r.ok for r in nl.ingest_documents([doc]))
        (story,) = nl.store.list_stories()
        return story.id
    finally:
        nl.close()


def test_a_quote_a_copy_adds_is_marked_with_who_adds_it(tmp_path):
    story_id = _story(tmp_path)
    nl = open_newsloom(Settings(data_dir=tmp_path))
    try:
        with TestClient(create_app(nl)) as client:
            page = client.get(f"/stories/{story_id}").text
    finally:
        nl.close()
    section = page[page.index('<section id="quotes">'):]
    section = section[:section.index("</section>")]
    cells = {html.unescape(re.sub(r"<[^>]+>", "", c)).strip()
             for c in re.findall(r'<td class="quote[^"]*"[^>]*>(.*?)</td>', section, re.DOTALL)}
    added = next(c for c in cells if "Nobody was hurt" in c)
    assert added.endswith("MaxSnip News (adds to Orig Daily's text)")
    shared = [c for c in cells if "every pillar" in c]
    assert shared and all("adds to" not in c for c in shared)  # the original's words keep the column's label


def test_the_cli_names_the_copy_that_adds_a_quote(tmp_path):
    from typer.testing import CliRunner

    from newsloom.cli import app, eval_app
    from newsloom.cli.commands import register

    register(app, eval_app)
    story_id = _story(tmp_path)
    run = CliRunner().invoke(app, ["show", story_id, "--data-dir", str(tmp_path)])
    assert run.exit_code == 0, run.output
    lines = run.output.splitlines()
    added = next(line for line in lines if "Nobody was hurt" in line)
    assert "MaxSnip News (adds to Orig Daily's text):" in added
    pillar = [line for line in lines if "every pillar" in line]
    assert pillar and all("adds to" not in line for line in pillar)
