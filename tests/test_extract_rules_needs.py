"""The word prefilter of the boilerplate tables (``rules.NEEDS``) never changes what a table matches: a line
the table's regular expression matches holds one of the words, whatever its case or length."""

from __future__ import annotations

import pytest

from newsloom.extract.rules import COMPILED, NEEDS

LINES = {
    "consent": ["We use cookies to improve your experience on our site.",
                "THIS WEBSITE USES COOKIES. By continuing you accept them.",
                "Essential cookies are always on; you can opt out of the others in the cookie settings."],
    "aggregator": ["USTimeToday is an automatic aggregator of the all world's media.",
                   "All trademarks belong to their rightful owners, all materials to their authors.",
                   "If you are the owner of the content and do not want us to publish your materials, contact us.",
                   "This article was automatically generated from a syndicated news feed.",
                   "This story has not been edited by our staff and is published from a syndicated feed."],
    "copyright": ["© 2026 The Coastal Herald", "(c) Coastal Herald Media", "Copyright 2026 by Coastal Herald",
                  "COPYRIGHT: Coastal Herald Media Group", "Coastal Herald. All Rights Reserved.",
                  "This material may not be published, broadcast, rewritten or redistributed.",
                  "Written permission must be obtained before any reuse.", "Alle Rechte vorbehalten.",
                  "Tous droits réservés.", "Todos los derechos reservados.", "Coastal Herald | © 2026 Media"],
}


@pytest.mark.parametrize("kind", sorted(NEEDS))
def test_every_line_a_table_matches_passes_its_prefilter(kind):
    for line in LINES[kind]:
        assert COMPILED.tables[kind].match(line), (kind, line)  # the examples are the table's
        for text in (line, line.upper(), line + " More words of the paragraph follow here." * 8):
            if COMPILED.tables[kind].match(text):  # wherever the table matches, the prefilter lets it by
                assert any(word in text.lower() for word in NEEDS[kind]), (kind, text)
        assert COMPILED.kind_of(line) is not None, line  # and the line is still found boilerplate


def test_a_line_without_the_words_is_not_read_as_boilerplate():
    assert COMPILED.kind_of("The council said the harbour would reopen on Monday after repairs.") is None
