"""The one export-format registry: each format's name, file extension, media type and writer, read by the CLI's
`export-<name>` commands and the site's renderers and `/-/citetrace/export.<extension>` route alike, so both
write the same bytes for the same works."""
from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass

from citetrace.citations.bibtex import works_to_bibtex
from citetrace.citations.csljson import works_to_csl
from citetrace.citations.keys import assign_keys
from citetrace.citations.model import Work
from citetrace.citations.ris import works_to_ris

BIBTEX_ENCODINGS = ("latex", "unicode")
"""latex: ASCII with LaTeX accents, for classic BibTeX (the default); unicode: UTF-8, for biber."""


@dataclass(frozen=True)
class ExportFormat:
    """`name` names the CLI command (`export-bib`), `extension` the file and URL suffix (`.bib`)."""

    name: str
    extension: str
    media_type: str
    label: str
    summary: str
    write: Callable[[list[Work], str], str]
    """The text for the works, in order, given a value encoding (only BibTeX has more than UTF-8)."""
    encodings: tuple[str, ...] = ()


def _bibtex(works: list[Work], encoding: str) -> str:
    return works_to_bibtex(works, encoding=encoding)


def _csljson(works: list[Work], encoding: str) -> str:
    return json.dumps(works_to_csl(works, assign_keys(works)), ensure_ascii=False, indent=2) + "\n"


def _ris(works: list[Work], encoding: str) -> str:
    return works_to_ris(works, assign_keys(works))


EXPORT_FORMATS: tuple[ExportFormat, ...] = (
    ExportFormat("bib", "bib", "application/x-bibtex; charset=utf-8", "BibTeX",
                 "BibTeX for the chosen works (default: the whole library), one entry per work.", _bibtex,
                 BIBTEX_ENCODINGS),
    ExportFormat("csl", "csljson", "application/vnd.citationstyles.csl+json; charset=utf-8", "CSL-JSON",
                 "CSL-JSON for the chosen works (Zotero, Pandoc, citeproc).", _csljson),
    ExportFormat("ris", "ris", "application/x-research-info-systems; charset=utf-8", "RIS",
                 "RIS for the chosen works (EndNote, Mendeley, Zotero).", _ris),
)
BY_EXTENSION = {export_format.extension: export_format for export_format in EXPORT_FORMATS}

