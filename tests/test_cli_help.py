"""The command lists of ``newsloom --help`` and its groups show each command's summary on one line of a wide
terminal: one paragraph, without the line breaks of the docstring it comes from."""

from __future__ import annotations

import re

from helpers import cli

_ROW = re.compile(r"^│ (\S+) +(.+?) *│$")


def _listed(*group: str, home) -> dict[str, list[str]]:
    """The Commands panel of ``newsloom GROUP --help``: each command with the lines of its summary."""
    done = cli(*group, "--help", home=home, env={"COLUMNS": "200"})
    assert done.returncode == 0, done.stderr
    panel = done.stdout.split("Commands")[1]
    rows: dict[str, list[str]] = {}
    last = None
    for line in panel.splitlines()[1:]:
        if line.startswith("╰"):
            break
        if (match := _ROW.match(line)) is not None:
            last = match.group(1)
            rows[last] = [match.group(2)]
        elif last is not None:
            rows[last].append(line.strip("│ "))
    return rows


def test_each_command_summary_is_one_line(tmp_path):
    top = _listed(home=tmp_path)
    assert {"ingest", "delete", "takedown", "stories", "sources", "eval"} <= set(top)
    assert top["ingest"] == ["Ingest files, folders and URLs: pages, text dumps, feeds, JSON lines, WARC archives."]
    assert top["delete"] == ["Delete stored articles by id (an operator's removal; nothing is refused later)."]
    stories = _listed("stories", home=tmp_path)
    assert stories["why"][0].startswith("Why ARTICLE is in its story: how likely it was to report the story's event "
                                        "(or its similarity), shared terms and entities")
    sources = _listed("sources", home=tmp_path)
    assert sources["add"] == ["Add a feed, a sitemap or a page, or the feeds a homepage advertises."]
    assert sources["import"] == [("Add every feed of an OPML file (existing URLs are kept as they are); outlines that "
                                 "name no usable feed (not http(s), listed twice, no xmlUrl) are listed with the reason.")]
    for listing in (top, stories, sources, _listed("eval", home=tmp_path)):
        assert all(len(lines) == 1 for lines in listing.values()), listing
