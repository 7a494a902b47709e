"""Documents for commands that take a path or a URL (``newsloom extract``)."""

from __future__ import annotations

import asyncio
from collections.abc import Iterator, Sequence

from ..errors import NewsloomError
from ..model import FetchedDocument
from ..sources.files import iter_inputs, list_input_files


def documents_for(targets: Sequence[str], *, allow_private: bool) -> Iterator[FetchedDocument | NewsloomError]:
    for target in targets:
        if target.startswith(("http://", "https://")):
            yield _fetch(target, allow_private=allow_private)
        else:
            yield from iter_inputs(list_input_files([target]))


def _fetch(url: str, *, allow_private: bool) -> FetchedDocument | NewsloomError:
    from ..sources.fetcher import Fetcher, FetchSettings

    async def go() -> FetchedDocument:
        async with Fetcher(FetchSettings(allow_private=allow_private)) as fetcher:
            return (await fetcher.fetch(url)).document()

    try:
        return asyncio.run(go())
    except NewsloomError as exc:
        return exc
