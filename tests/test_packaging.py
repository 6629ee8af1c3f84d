"""The project as installed and checked in: every folder ships as a named package, and run-time files stay
out of git."""

import subprocess
import tomllib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent


def _setuptools_config() -> dict:
    return tomllib.loads((ROOT / "pyproject.toml").read_text())["tool"]["setuptools"]


def test_every_folder_of_the_package_is_named_in_packages():
    """setuptools treats any folder as an importable package: one left out of `packages` (a data folder)
    makes `pip install -e .` warn "Package would be ignored"."""
    config = _setuptools_config()
    roots = {"citetrace": ROOT / "citetrace"} | {
        name: ROOT / folder for name, folder in config["package-dir"].items()
    }
    folders = {
        ".".join([name, *folder.relative_to(root).parts]).rstrip(".")
        for name, root in roots.items()
        for folder in [root, *root.rglob("*")]
        if folder.is_dir() and folder.name != "__pycache__"
    }
    assert folders == set(config["packages"])


def test_every_data_package_ships_its_files():
    config = _setuptools_config()
    data_packages = {name for name in config["packages"] if name.rsplit(".", 1)[-1] in {"data", "templates", "static"}}
    assert data_packages == set(config["package-data"])


def test_the_library_lock_file_is_ignored_by_git():
    ignored = subprocess.run(
        ["git", "check-ignore", "--no-index", ".citetrace.db.lock", "reviews/.library.db.lock"],
        cwd=ROOT, capture_output=True, text=True, check=False,
    )
    assert ignored.stdout.split() == [".citetrace.db.lock", "reviews/.library.db.lock"]
