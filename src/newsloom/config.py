"""Settings, read once at the edge (CLI) and passed down explicitly. Never read at import time.

Precedence: built-in defaults < environment (``NEWSLOOM_*``) < command-line flags.

| setting | env | default |
|---|---|---|
| data_dir | NEWSLOOM_HOME | ``$XDG_DATA_HOME/newsloom`` (``~/.local/share/newsloom``) |
| host | NEWSLOOM_HOST | 127.0.0.1 |
| port | NEWSLOOM_PORT | 8000 |
| feeds_opml | NEWSLOOM_FEEDS | the OPML shipped in the package (``newsloom/data/default-feeds.opml``) |
| allow_private | NEWSLOOM_ALLOW_PRIVATE | off: URLs resolving to internal addresses are refused |
| allowed_hosts | NEWSLOOM_ALLOWED_HOSTS | none: ``host:port`` entries, comma-separated, fetched even on an internal address (one intranet server, a test server) while every other internal address stays refused |
| admin_token | NEWSLOOM_ADMIN_TOKEN | unset: write endpoints of the API (takedowns, merge, split) refuse |
| base_url | NEWSLOOM_BASE_URL | unset: absolute links (feeds) use the address the request reached, never its Host header |
| max_entry_age_days | NEWSLOOM_MAX_ENTRY_AGE_DAYS | 7: the poller skips feed and sitemap entries dated longer ago (0: no cutoff) |
"""

from __future__ import annotations

import os
import re
from collections.abc import Mapping
from dataclasses import dataclass, replace
from datetime import timedelta
from importlib import resources
from pathlib import Path
from urllib.parse import urlsplit

from .errors import ConfigError
from .urls import web_url

__all__ = ["Settings", "default_data_dir", "load_settings", "parse_allowed_hosts"]

DB_NAME = "newsloom.db"


def default_data_dir(env: Mapping[str, str]) -> Path:
    base = env.get("XDG_DATA_HOME") or str(Path(env.get("HOME", "~")).expanduser() / ".local" / "share")
    return Path(base) / "newsloom"


def packaged_feeds() -> Path:
    return Path(str(resources.files("newsloom") / "data" / "default-feeds.opml"))


@dataclass(frozen=True, slots=True)
class Settings:
    data_dir: Path
    host: str = "127.0.0.1"
    port: int = 8000
    feeds_opml: Path | None = None
    allow_private: bool = False
    allowed_hosts: frozenset[str] = frozenset()  # "host:port" fetched even on an internal address
    admin_token: str | None = None
    base_url: str | None = None  # e.g. https://news.example.org behind a proxy: the start of absolute links
    max_entry_age_days: float = 7.0  # the poller gathers no entry dated longer ago (0: every entry)

    @property
    def db_path(self) -> Path:
        return self.data_dir / DB_NAME

    @property
    def max_entry_age(self) -> timedelta | None:
        """The poller's age cutoff for entries (None: none)."""
        return timedelta(days=self.max_entry_age_days) if self.max_entry_age_days > 0 else None

    @property
    def default_feeds(self) -> Path:
        return self.feeds_opml or packaged_feeds()


_HOST_PORT = re.compile(r"(?:[a-z0-9](?:[a-z0-9.-]*[a-z0-9])?|\[[0-9a-f:.]+\]):[0-9]{1,5}")


def parse_allowed_hosts(value: str) -> frozenset[str]:
    """``NEWSLOOM_ALLOWED_HOSTS``: comma-separated ``host:port`` entries (``intranet.example:443``,
    ``127.0.0.1:8766``, ``[::1]:8080``), lower case; ConfigError for anything else."""
    hosts = [h.strip().lower() for h in value.split(",") if h.strip()]
    bad = [h for h in hosts if not _HOST_PORT.fullmatch(h) or not 0 < int(h.rsplit(":", 1)[1]) < 65536]
    if bad:
        raise ConfigError(f"each entry must be host:port (e.g. 127.0.0.1:8766), not {bad[0]!r}",
                          subject="NEWSLOOM_ALLOWED_HOSTS")
    return frozenset(hosts)


def _bool(value: str) -> bool:
    return value.strip().lower() in ("1", "true", "yes", "on")


def load_settings(env: Mapping[str, str] | None = None, **overrides) -> Settings:
    """Build Settings from ``env`` (default: os.environ) and explicit overrides (None = unset)."""
    env = os.environ if env is None else env
    values: dict = {"data_dir": Path(env["NEWSLOOM_HOME"]) if env.get("NEWSLOOM_HOME") else default_data_dir(env)}
    if env.get("NEWSLOOM_HOST"):
        values["host"] = env["NEWSLOOM_HOST"]
    if env.get("NEWSLOOM_PORT"):
        try:
            values["port"] = int(env["NEWSLOOM_PORT"])
        except ValueError as exc:
            raise ConfigError("must be an integer", subject="NEWSLOOM_PORT") from exc
    if env.get("NEWSLOOM_FEEDS"):
        values["feeds_opml"] = Path(env["NEWSLOOM_FEEDS"])
    if env.get("NEWSLOOM_ALLOW_PRIVATE"):
        values["allow_private"] = _bool(env["NEWSLOOM_ALLOW_PRIVATE"])
    if env.get("NEWSLOOM_ALLOWED_HOSTS"):
        values["allowed_hosts"] = parse_allowed_hosts(env["NEWSLOOM_ALLOWED_HOSTS"])
    if env.get("NEWSLOOM_ADMIN_TOKEN"):
        values["admin_token"] = env["NEWSLOOM_ADMIN_TOKEN"]
    if env.get("NEWSLOOM_BASE_URL"):
        base = env["NEWSLOOM_BASE_URL"].strip().rstrip("/")
        if web_url(base) is None or not urlsplit(base).hostname:
            raise ConfigError("must be an absolute http(s) URL such as https://news.example.org",
                              subject="NEWSLOOM_BASE_URL")
        values["base_url"] = base
    if env.get("NEWSLOOM_MAX_ENTRY_AGE_DAYS"):
        try:
            days = float(env["NEWSLOOM_MAX_ENTRY_AGE_DAYS"])
        except ValueError:
            days = -1.0
        if not 0 <= days < 100_000:  # also refuses nan and inf
            raise ConfigError("must be a number of days, 0 or more (0: no cutoff)", subject="NEWSLOOM_MAX_ENTRY_AGE_DAYS")
        values["max_entry_age_days"] = days
    settings = Settings(**values)
    given = {k: (Path(v) if k in ("data_dir", "feeds_opml") else v) for k, v in overrides.items() if v is not None}
    return replace(settings, **given)
