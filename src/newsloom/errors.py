"""newsloom's exceptions: one tree, one base.

::

    NewsloomError
    ├── ConfigError
    ├── InputError              (a file or record that cannot be read: empty, binary, truncated...)
    │   └── UnsupportedInputError
    ├── FetchError              (network: timeouts, HTTP errors, too large, refused)
    │   ├── BlockedURLError     (internal address or non-http scheme)  also ValueError
    │   ├── RobotsDisallowedError
    │   └── TooLargeError
    ├── FeedError               (a feed that cannot be parsed)
    ├── ExtractError            (no article could be extracted)
    ├── StorageError
    │   └── NotFoundError       also KeyError
    │       └── GoneError       (removed: by a takedown or an operator's delete)
    ├── OutOfRangeError         (a count or offset no query can take)  also ValueError
    ├── TakedownError
    └── DecisionError           (a merge or split that cannot be carried out)  also ValueError

Every error carries the input it is about (``subject``: a path, URL or id) so that a
message always names what failed.
"""

from __future__ import annotations

from datetime import datetime

__all__ = [
    "BlockedURLError",
    "ConfigError",
    "DecisionError",
    "ExtractError",
    "FeedError",
    "FetchError",
    "GoneError",
    "InputError",
    "NewsloomError",
    "NotFoundError",
    "OutOfRangeError",
    "RobotsDisallowedError",
    "StorageError",
    "TakedownError",
    "TooLargeError",
    "UnsupportedInputError",
]


class NewsloomError(Exception):
    """Base class. ``subject`` names the input (path, URL, id) the error is about."""

    def __init__(self, message: str, *, subject: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.subject = subject

    def __str__(self) -> str:
        if self.subject:
            return f"{self.subject}: {self.message}"
        return self.message


class ConfigError(NewsloomError):
    pass


class InputError(NewsloomError):
    pass


class UnsupportedInputError(InputError):
    pass


class FetchError(NewsloomError):
    pass


class BlockedURLError(FetchError, ValueError):
    pass


class RobotsDisallowedError(FetchError):
    pass


class TooLargeError(FetchError):
    pass


class FeedError(NewsloomError):
    pass


class ExtractError(NewsloomError):
    pass


class StorageError(NewsloomError):
    pass


class NotFoundError(StorageError, KeyError):
    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return NewsloomError.__str__(self)


class GoneError(NotFoundError):
    """An article or story that was stored and has been removed: ``cause`` is "takedown" (at its owner's
    request) or "operator" (deleted by the operator), ``removed_at`` when."""

    def __init__(self, message: str, *, subject: str | None = None, cause: str, removed_at: datetime) -> None:
        super().__init__(message, subject=subject)
        self.cause = cause
        self.removed_at = removed_at


class OutOfRangeError(NewsloomError, ValueError):
    """A count or offset from outside (a command-line option, a query parameter) that no query can take:
    negative, or beyond SQLite's integers."""


class TakedownError(NewsloomError):
    pass


class DecisionError(NewsloomError, ValueError):
    """A user decision that cannot be carried out: a story merged with itself, a split that would leave
    its story empty."""
