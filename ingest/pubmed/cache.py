"""E-utilities answers kept on disk, keyed by request, so a rebuild or a resumed run repeats no request.

A body is stored the moment it arrives and parses, before the next request goes out, so a run that fails
half-way keeps everything it fetched. The key leaves out `email`, `api_key` and `tool`: who asks does not
change PubMed's answer, and a cache must not hold a secret in its keys.
"""
from __future__ import annotations

import hashlib
import json
import os
from datetime import datetime, UTC
from pathlib import Path

import sqlite_utils

IDENTITY_PARAMS = frozenset({"email", "api_key", "tool"})


def request_key(endpoint: str, params: dict[str, str]) -> str:
    """SHA-256 of the endpoint and the sorted request parameters (GET query and POST data alike)."""
    kept = sorted((name, str(value)) for name, value in params.items() if name not in IDENTITY_PARAMS)
    return hashlib.sha256(json.dumps([endpoint, kept], ensure_ascii=False).encode()).hexdigest()


class ResponseCache:
    """Response bodies in a SQLite file (table `responses`), one row per distinct request."""

    def __init__(self, path: str | os.PathLike[str]) -> None:
        Path(path).parent.mkdir(parents=True, exist_ok=True)
        self.db = sqlite_utils.Database(path)
        self.db["responses"].create(
            {"key": str, "endpoint": str, "params": str, "body": bytes, "stored_at": str},
            pk="key",
            if_not_exists=True,
        )

    def get(self, endpoint: str, params: dict[str, str]) -> bytes | None:
        rows = self.db.query("select body from responses where key = ?", [request_key(endpoint, params)])
        row = next(rows, None)
        return row["body"] if row else None

    def put(self, endpoint: str, params: dict[str, str], body: bytes) -> None:
        """Store (or replace) the answer to a request; committed at once."""
        shown = {name: value for name, value in sorted(params.items()) if name not in IDENTITY_PARAMS}
        self.db["responses"].insert(
            {
                "key": request_key(endpoint, params),
                "endpoint": endpoint,
                "params": json.dumps(shown, ensure_ascii=False),
                "body": body,
                "stored_at": datetime.now(UTC).isoformat(timespec="seconds"),
            },
            replace=True,
        )

    def __len__(self) -> int:
        return self.db["responses"].count

    def close(self) -> None:
        self.db.close()
