"""Policy: content owners' rights. Takedowns (removal requests) and the page's robots directives."""

from .robots import WITHHELD, display_text, may_show, restricted, shown_evidence, shown_relation
from .takedown import is_public_suffix, parse_takedown, take_down

__all__ = ["WITHHELD", "display_text", "is_public_suffix", "may_show", "parse_takedown", "restricted",
           "shown_evidence", "shown_relation", "take_down"]
