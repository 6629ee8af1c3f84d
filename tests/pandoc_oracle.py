"""pandoc as the oracle of what a Markdown or LaTeX manuscript cites: its JSON AST lists every citation."""
from __future__ import annotations

import json
import subprocess
from pathlib import Path

from tex_tools import require_tool

CROSSREF_PREFIXES = ("fig:", "tbl:", "sec:", "eq:", "lst:")


def pandoc_citations(path: Path, reader: str) -> list[list[str]]:
    """The keys of each citation pandoc finds, in document order (pandoc-crossref labels left out)."""
    pandoc = require_tool("pandoc", "pandoc")
    result = subprocess.run(
        [pandoc, "--from", reader, "--to", "json", path.name], cwd=path.parent, capture_output=True, text=True,
        timeout=120, check=True, stdin=subprocess.DEVNULL,
    )
    found: list[list[str]] = []
    _walk(json.loads(result.stdout)["blocks"], found)
    return [keys for keys in found if keys]


def _walk(node: object, found: list[list[str]]) -> None:
    if isinstance(node, dict):
        if node.get("t") == "Cite":
            citations, inlines = node["c"]
            found.append([c["citationId"] for c in citations if not c["citationId"].startswith(CROSSREF_PREFIXES)])
            _walk(inlines, [])
            return
        for value in node.values():
            _walk(value, found)
    elif isinstance(node, list):
        for item in node:
            _walk(item, found)
