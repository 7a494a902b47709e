"""Documents for commands that take a path or a URL (``newsloom extract``, ``newsloom ingest``)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence

from ..errors import NewsloomError
from ..model import FetchedDocument
from ..sources.files import iter_inputs, list_input_files


def is_url(target: str) -> bool:
    """An http(s) URL (the scheme in any case), not a path."""
    return target[:8].lower().startswith(("http://", "https://"))


def documents_for(targets: Sequence[str], *, allow_private: bool,
                  allowed_hosts: frozenset[str] = frozenset()) -> Iterator[FetchedDocument | NewsloomError]:
    for target in targets:
        if is_url(target):
            yield fetch_documents([target], allow_private=allow_private, allowed_hosts=allowed_hosts)[0]
        else:
            yield from iter_inputs(list_input_files([target]))


def fetch_documents(urls: Sequence[str], *, allow_private: bool,
                    allowed_hosts: frozenset[str] = frozenset()) -> list[FetchedDocument | NewsloomError]:
    """Fetch each of ``urls`` as the poller fetches a page (robots.txt, the internal-address guard unless
    ``allow_private`` or the host is one of ``allowed_hosts`` (``Settings.allowed_hosts``), size and
    time limits), or the error that stopped it (subject: the URL); in order, through one client: together,
    within the per-host limits (requests to one host spaced out, its robots.txt read once)."""
    from ..sources.fetcher import Fetcher, FetchSettings

    async def one(fetcher: Fetcher, url: str) -> FetchedDocument | NewsloomError:
        try:
            return (await fetcher.fetch(url)).document()
        except NewsloomError as exc:
            return exc

    async def go() -> list[FetchedDocument | NewsloomError]:
        async with Fetcher(FetchSettings(allow_private=allow_private, allowed_hosts=allowed_hosts)) as fetcher:
            return list(await asyncio.gather(*(one(fetcher, url) for url in urls)))

    return asyncio.run(go()) if urls else []
