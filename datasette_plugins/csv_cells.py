"""asgi_wrapper: the site's CSV (Datasette's `.csv` of every table and query) with formula cells neutralised.

Datasette writes each value as stored, so a cited title such as `=HYPERLINK("http://x", "Click")` would be a
formula once the file is opened in a spreadsheet (CSV injection). A cell that starts with `=`, `+`, `-`, `@`,
a tab or a carriage return, and is not a number, is written with a leading `'`, which spreadsheets show as text
(OWASP's advice). The CSV is read whole before it is rewritten; Datasette caps it (`max_csv_mb`).
"""
from __future__ import annotations

import csv
import io
from typing import Any

from datasette import hookimpl

FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def neutral_cell(value: str) -> str:
    """`value`, with a `'` before it when a spreadsheet would read it as a formula."""
    if not value.startswith(FORMULA_STARTS):
        return value
    try:
        float(value)
    except ValueError:
        return "'" + value
    return value


def neutral_csv(text: str) -> str:
    """A CSV text with every cell passed through `neutral_cell`, written back as Datasette writes it."""
    out = io.StringIO()
    writer = csv.writer(out)
    for row in csv.reader(io.StringIO(text, newline="")):
        writer.writerow([neutral_cell(cell) for cell in row])
    return out.getvalue()


def _is_csv(scope: dict) -> bool:
    return scope["path"].endswith(".csv") or b"_format=csv" in scope.get("query_string", b"")


@hookimpl
def asgi_wrapper() -> Any:
    def wrap(app: Any) -> Any:
        async def neutralised(scope: dict, receive: Any, send: Any) -> None:
            if scope["type"] != "http" or not _is_csv(scope):
                await app(scope, receive, send)
                return
            start: dict = {}
            body: list[bytes] = []

            async def collect(message: dict) -> None:
                if message["type"] == "http.response.start":
                    start.update(message)
                    return
                body.append(message.get("body", b""))
                if message.get("more_body"):
                    return
                data = b"".join(body)
                headers = [(k, v) for k, v in start.get("headers", []) if k.lower() != b"content-length"]
                if start.get("status") == 200 and any(k.lower() == b"content-type" and b"text/" in v
                                                      for k, v in headers):
                    data = neutral_csv(data.decode("utf-8")).encode("utf-8")
                await send({**start, "headers": [*headers, (b"content-length", str(len(data)).encode())]})
                await send({"type": "http.response.body", "body": data})

            await app(scope, receive, collect)

        return neutralised

    return wrap
