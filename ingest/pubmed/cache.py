"""E-utilities answers kept on disk, keyed by request, so a rebuild or a resumed run repeats no request.

A body is stored the moment it arrives and parses, before the next request goes out, so a run that fails
half-way keeps everything it fetched. The key leaves out `email`, `api_key` and `tool`: who asks does not
change PubMed's answer, and a cache must not hold a secret in its keys.
"""
from __future__ import annotations

import hashlib
import json
import os
import sqlite3
from collections.abc import Callable
from datetime import datetime, UTC
from pathlib import Path

import sqlite_utils

IDENTITY_PARAMS = frozenset({"email", "api_key", "tool"})


def request_key(endpoint: str, params: dict[str, str]) -> str:
    """SHA-256 of the endpoint (its whole URL, so one server's answer is never replayed for another) and the
    sorted request parameters (GET query and POST data alike)."""
    kept = sorted((name, str(value)) for name, value in params.items() if name not in IDENTITY_PARAMS)
    return hashlib.sha256(json.dumps([endpoint, kept], ensure_ascii=False).encode()).hexdigest()


class ResponseCache:
    """Response bodies in a SQLite file (table `responses`), one row per distinct request.

    A cache is a convenience, never a reason to stop: a file that is not a readable cache (garbage, cut short
    by a crash or a full disk) is moved aside with a warning and a new one started."""

    def __init__(self, path: str | os.PathLike[str], warn: Callable[[str], None] | None = None) -> None:
        self.path = Path(path)
        self.warn = warn or (lambda message: None)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        try:
            self.db = self._open()
        except sqlite3.DatabaseError as error:
            self.db = self._start_over(error)

    def _open(self) -> sqlite_utils.Database:
        db = sqlite_utils.Database(self.path)
        db.table("responses").create(
            {"key": str, "endpoint": str, "params": str, "body": bytes, "stored_at": str},
            pk="key",
            if_not_exists=True,
        )
        db.execute("select count(*) from responses").fetchone()
        return db

    def _start_over(self, error: Exception) -> sqlite_utils.Database:
        """Move the unreadable file aside (kept for a post-mortem, never deleted) and open a new cache."""
        stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%S")
        aside = self.path.with_name(f"{self.path.name}.corrupt-{stamp}")
        if getattr(self, "db", None) is not None:
            self.db.close()
        for suffix in ("", "-journal", "-wal", "-shm"):
            companion = Path(f"{self.path}{suffix}")
            if companion.exists():
                os.replace(companion, f"{aside}{suffix}")
        self.warn(f"{self.path}: not a readable response cache ({error}); moved to {aside.name}, starting a new one")
        return self._open()

    def get(self, endpoint: str, params: dict[str, str]) -> bytes | None:
        answer = self.get_dated(endpoint, params)
        return answer[0] if answer else None

    def get_dated(self, endpoint: str, params: dict[str, str]) -> tuple[bytes, str] | None:
        """The stored answer and when it was stored (ISO 8601, UTC), or None."""
        try:
            rows = self.db.query("select body, stored_at from responses where key = ?", [request_key(endpoint, params)])
            row = next(rows, None)
        except sqlite3.DatabaseError as error:
            self.db = self._start_over(error)
            return None
        return (row["body"], row["stored_at"]) if row else None

    def discard(self, endpoint: str, params: dict[str, str], problem: str) -> None:
        """Forget a stored answer that no longer parses, so it is asked again instead of failing every run."""
        self.warn(f"{self.path}: the stored answer to a {endpoint} request is unreadable ({problem}); asking again")
        with self.db.conn:
            self.db.execute("delete from responses where key = ?", [request_key(endpoint, params)])

    def put(self, endpoint: str, params: dict[str, str], body: bytes) -> None:
        """Store (or replace) the answer to a request; committed at once."""
        shown = {name: value for name, value in sorted(params.items()) if name not in IDENTITY_PARAMS}
        row = {
            "key": request_key(endpoint, params),
            "endpoint": endpoint,
            "params": json.dumps(shown, ensure_ascii=False),
            "body": body,
            "stored_at": datetime.now(UTC).isoformat(timespec="seconds"),
        }
        try:
            self.db.table("responses").insert(row, replace=True)
        except sqlite3.DatabaseError as error:
            self.db = self._start_over(error)
            self.db.table("responses").insert(row, replace=True)

    def __len__(self) -> int:
        return self.db["responses"].count

    def close(self) -> None:
        self.db.close()
