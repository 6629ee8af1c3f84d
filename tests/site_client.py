"""The served site through Datasette's own test client: no server, no port."""
from __future__ import annotations

import asyncio
from pathlib import Path

from datasette.app import Datasette

from citetrace.datasette_plugins.serve import make_datasette


def started(path: Path) -> Datasette:
    """The site on the library at `path`, its plugins' startup hooks run."""
    site = make_datasette(path)
    asyncio.run(site.invoke_startup())
    return site


def fetch(site: Datasette, path: str):
    """The site's answer at `path`."""
    return asyncio.run(site.client.get(path))
