"""The README's console examples run as written from the repository's folder: every input file they name is
there."""

import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
INPUT = re.compile(r"^\$ citetrace (?:build|add|parse-refs|claims|import-bib) ((?:[\w./-]+\.(?:txt|nxml|xml|pdf|md|tex|bib) )+)", re.M)


def test_the_files_the_readme_examples_read_are_in_the_repository():
    named = {path for paths in INPUT.findall((ROOT / "README.md").read_text()) for path in paths.split()}
    assert "tests/data/other-review.txt" in named
    assert sorted(path for path in named if not (ROOT / path).is_file()) == []
