"""Run mypy over the installed namespace `citetrace` with the paths of the repository's folders.

The layers live in top-level folders (db/, ingest/, ...) and install as citetrace.db, citetrace.ingest, ...
through setuptools' `package-dir`; the editable install maps them with an import hook, which mypy does not
follow. So this script lays out the namespace as a tree of symlinks (from pyproject's own mapping, in
.mypy-tree/, git-ignored), checks `-p citetrace` there with the configuration in pyproject.toml, and prints
mypy's report with the symlinked paths turned back into the repository's (db/store.py, not
citetrace/db/store.py). The exit status is mypy's.

    python scripts/typecheck.py
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import tomllib
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
TREE = REPO / ".mypy-tree"


def package_dirs(pyproject: Path) -> dict[str, str]:
    """Sub-package -> folder, e.g. "citetrace.db" -> "db", from [tool.setuptools.package-dir]."""
    config = tomllib.loads(pyproject.read_text(encoding="utf-8"))
    return dict(config["tool"]["setuptools"]["package-dir"])


def build_tree(mapping: dict[str, str]) -> dict[str, str]:
    """Symlink citetrace/'s entries and each mapped folder into TREE/citetrace; return tree prefix -> repo prefix."""
    if TREE.exists():
        shutil.rmtree(TREE)
    namespace = TREE / "citetrace"
    namespace.mkdir(parents=True)
    for entry in sorted((REPO / "citetrace").iterdir()):
        if entry.name != "__pycache__":
            (namespace / entry.name).symlink_to(entry)
    prefixes = {}
    for package, folder in mapping.items():
        name = package.removeprefix("citetrace.")
        (namespace / name).symlink_to(REPO / folder, target_is_directory=True)
        prefixes[f"citetrace/{name}/"] = f"{folder}/"
    return prefixes


def main() -> int:
    prefixes = build_tree(package_dirs(REPO / "pyproject.toml"))
    command = [sys.executable, "-m", "mypy", "--config-file", str(REPO / "pyproject.toml"),
               "--python-executable", sys.executable, "--cache-dir", str(REPO / ".mypy_cache"),
               "-p", "citetrace"]
    result = subprocess.run(command, cwd=TREE, capture_output=True, text=True)
    for line in (result.stdout + result.stderr).splitlines():
        for tree_prefix, repo_prefix in prefixes.items():
            if line.startswith(tree_prefix):
                line = repo_prefix + line.removeprefix(tree_prefix)
                break
        print(line)
    return result.returncode


if __name__ == "__main__":
    sys.exit(main())
