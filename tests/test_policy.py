"""Policy: what may be shown (robots directives) and removal requests."""

from __future__ import annotations

from datetime import UTC, datetime

import pytest

from newsloom.errors import TakedownError
from newsloom.model import Article
from newsloom.policy import display_text, parse_takedown

NOW = datetime(2026, 1, 1, tzinfo=UTC)
TEXT = " ".join(f"word{i}" for i in range(400))


@pytest.mark.parametrize("robots,expect_len,shortened", [
    ((), len(TEXT), False),
    (("nosnippet",), 0, True),
    (("none",), 0, True),
    (("max-snippet:50",), 52, True),
    (("max-snippet:-1",), len(TEXT), False),
    (("noarchive",), 322, True),
    (("noarchive", "max-snippet:20"), 22, True),
])
def test_display_text_follows_robots_directives(robots, expect_len, shortened):
    shown, cut = display_text(Article(id="a", title="t", text=TEXT, robots=robots))
    assert cut is shortened
    assert len(shown) <= expect_len
    if shortened and expect_len:
        assert shown.endswith("…") and TEXT.startswith(shown[:-2])


def test_takedown_requests_are_validated():
    req = parse_takedown("https://example.com/a", now=NOW, requester="owner")
    assert req.scope == "url" and req.received_at == NOW
    assert parse_takedown("example.com", scope="domain", now=NOW).target == "example.com"
    for target, scope in [("example.com/a", "url"), ("ftp://x/y", "prefix"), ("https://x.com/a", "domain"),
                          ("x.com", "everything")]:
        with pytest.raises(TakedownError):
            parse_takedown(target, scope=scope, now=NOW)
