"""When to poll a source next: adapted to how often it publishes, bounded, jittered, backed off."""

from __future__ import annotations

import random
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import datetime

__all__ = ["ScheduleSettings", "backoff_delay", "estimate_items_per_day", "poll_interval", "with_jitter"]


@dataclass(frozen=True, slots=True)
class ScheduleSettings:
    min_interval_s: float = 300.0  # never poll one source more often than every 5 minutes
    max_interval_s: float = 6 * 3600.0  # ...nor less often than every 6 hours while healthy
    jitter: float = 0.1  # +-10 % so that sources do not all fire at once
    failure_base_s: float = 300.0  # first retry after a failure
    max_backoff_s: float = 24 * 3600.0
    unhealthy_after: int = 5  # consecutive failures
    # consecutive failures ending with a status that usually means for good (404, 401, 403, 451) after which
    # the source counts as gone (unhealthy at once); 410 Gone counts at once (see poller._gone)
    permanent_after: int = 3
    smoothing: float = 0.3  # weight of the newest rate estimate


def estimate_items_per_day(dates: Iterable[datetime | None], *, now: datetime, previous: float,
                           new_items: int, elapsed_s: float | None, smoothing: float = 0.3) -> float:
    """Publishing rate: from the spread of entry dates in the feed when there are enough of them,
    else from the new entries seen since the previous poll; smoothed with the previous estimate."""
    recent = sorted(d for d in dates if d is not None and d <= now)[-50:]
    observed: float | None = None
    if len(recent) >= 3:
        span_days = max((now - recent[0]).total_seconds(), 3600.0) / 86400.0
        observed = len(recent) / span_days
    elif elapsed_s and elapsed_s > 0:
        observed = new_items / (elapsed_s / 86400.0)
    if observed is None:
        return previous
    if previous <= 0:
        return observed
    return smoothing * observed + (1 - smoothing) * previous


def poll_interval(items_per_day: float, default_s: float, settings: ScheduleSettings) -> float:
    """About one new entry per poll, within [min_interval_s, max_interval_s]."""
    base = 86400.0 / items_per_day if items_per_day > 0 else default_s
    return min(max(base, settings.min_interval_s), settings.max_interval_s)


def backoff_delay(failures: int, settings: ScheduleSettings, rng: random.Random) -> float:
    """Exponential back-off with "equal jitter": half fixed, half random, capped."""
    delay = min(settings.max_backoff_s, settings.failure_base_s * 2 ** max(0, failures - 1))
    return delay / 2 + rng.uniform(0, delay / 2)


def with_jitter(seconds: float, settings: ScheduleSettings, rng: random.Random) -> float:
    return seconds * (1 + rng.uniform(-settings.jitter, settings.jitter))
