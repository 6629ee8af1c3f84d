"""The PubMed sources each `--pubmed` mode asks, in order: the local snapshot first, the network last."""
from __future__ import annotations

import os
from collections.abc import Callable
from pathlib import Path

from citetrace.ingest.pubmed.protocol import PubmedSource


def default_cache_path() -> Path:
    """The E-utilities response cache, per user, as XDG asks: answers stay valid across libraries."""
    base = os.environ.get("XDG_CACHE_HOME") or str(Path.home() / ".cache")
    return Path(base) / "citetrace" / "eutils.sqlite"


def open_sources(
    mode: str,
    *,
    eutils_url: str | None,
    email: str | None,
    api_key: str | None,
    cache_path: Path | None,
    refresh: bool,
    pubmed_files: list[Path],
    warn: Callable[[str], None] | None = None,
) -> list[PubmedSource]:
    """`snapshot`: local XML and cached answers only; `live`: E-utilities; `auto`: local, then E-utilities, which
    it stops asking at the first connection that cannot be made (offline, the run carries on at once).
    The local files' index is kept beside the response cache."""
    from citetrace.ingest.pubmed.cache import ResponseCache
    from citetrace.ingest.pubmed.eutils import EutilsSource
    from citetrace.ingest.pubmed.local import LocalPubmedSource, bundled_snapshot

    cache = ResponseCache(cache_path or default_cache_path(), warn=warn)
    local = LocalPubmedSource([bundled_snapshot(), *pubmed_files], index_folder=cache.path.parent, warn=warn)
    live = EutilsSource(
        base_url=eutils_url, email=email, api_key=api_key, cache=cache, refresh=refresh, offline=mode == "snapshot",
        fail_fast=mode == "auto",
    )
    if mode == "live":
        return [live]
    return [local, live]
