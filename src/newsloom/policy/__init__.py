"""Policy: content owners' rights. Takedowns (removal requests) and the page's robots directives."""

from .robots import (
                     WITHHELD,
                     display_text,
                     may_show,
                     restricted,
                     shown_description,
                     shown_evidence,
                     shown_provenance,
                     shown_relation,
                     shown_tree,
)
from .takedown import is_public_suffix, parse_takedown, take_down

__all__ = ["WITHHELD", "display_text", "is_public_suffix", "may_show", "parse_takedown", "restricted",
           "shown_description", "shown_evidence", "shown_provenance", "shown_relation", "shown_tree", "take_down"]
