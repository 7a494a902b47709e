"""Policy: content owners' rights. Takedowns (removal requests) and the page's robots directives."""

from .robots import display_text
from .takedown import parse_takedown, take_down

__all__ = ["display_text", "parse_takedown", "take_down"]
