"""Date parsing shared by the JSON Feed and sitemap readers."""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

__all__ = ["parse_iso_datetime"]


def parse_iso_datetime(value: Any) -> datetime | None:
    """ISO 8601 / W3C datetime (``2024-05-01``, ``...T10:00:00Z``, ``...+02:00``) as aware UTC, else None.

    A value without a zone is taken as UTC."""
    if not isinstance(value, str) or not value.strip():
        return None
    try:
        parsed = datetime.fromisoformat(value.strip().replace("Z", "+00:00"))
    except ValueError:
        return None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=UTC)
    return parsed.astimezone(UTC)
