"""Who said a made-up quote, as the comparison reads one article's text: shared by the tests of speakers."""

from __future__ import annotations

from newsloom.compare import extract_quotes
from newsloom.model import Article

QUOTE = "“The river will be clean for the summer,”"  # a quote its attribution follows
SAID = "“The river will be clean for the summer.”"  # a quote after 'X said:'


def speakers(text: str) -> list[str | None]:
    """The speaker of each quote of ``text``, in order (None: unattributed)."""
    return [q.speaker for q in extract_quotes(Article(id="n", title="t", text=text, source="Test"))]


def speaker(text: str) -> str | None:
    """The speaker of the one quote of ``text``."""
    (found,) = speakers(text)
    return found
