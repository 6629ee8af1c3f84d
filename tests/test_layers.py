"""Imports point down: citetrace (CLI) -> ingest and datasette_plugins -> db -> citations.

A module may import its own layer and the layers below it, never one above or beside it, so the pure model
(`citations/`) never reaches for a database and the database layer never reaches back into ingestion.
"""
from __future__ import annotations

import ast
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
ALLOWED = {
    "citations": {"citations"},
    "db": {"db", "citations"},
    "ingest": {"ingest", "db", "citations"},
    "datasette_plugins": {"datasette_plugins", "db", "citations"},
    "citetrace": {"citetrace", "ingest", "datasette_plugins", "db", "citations"},
}


def project_imports(path: Path) -> set[str]:
    """The project packages a module imports, at its top or inside a function."""
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        names = [alias.name for alias in node.names] if isinstance(node, ast.Import) else (
            [node.module] if isinstance(node, ast.ImportFrom) and node.module and not node.level else [])
        found.update(layer_of(name) for name in names if layer_of(name))
    return found


def layer_of(module: str) -> str | None:
    """The layer a dotted module name belongs to: `citetrace.db.store` is in db, `citetrace.cli` in citetrace."""
    parts = module.split(".")
    if parts[0] != "citetrace":
        return None
    return parts[1] if len(parts) > 1 and parts[1] in ALLOWED else "citetrace"


@pytest.mark.parametrize("layer", sorted(ALLOWED))
def test_imports_point_down(layer: str) -> None:
    upward = {
        str(path.relative_to(REPO)): sorted(project_imports(path) - ALLOWED[layer])
        for path in sorted((REPO / layer).rglob("*.py"))
    }
    assert {module: packages for module, packages in upward.items() if packages} == {}
