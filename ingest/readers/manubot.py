"""Reading a Manubot manuscript: a folder of Markdown files named with a numeric prefix (`01.intro.md`), read in
order as one manuscript.

Manubot citation keys carry their identifiers (`@doi:10...`, `@pmid:...`, `@pmcid:PMC...`, `@arxiv:...`,
`@url:...`); tags defined as `[@tag:Name]: doi:10...` lines resolve to them. A `manual-references.json`
(CSL-JSON) in the folder supplies metadata for any key; `metadata.yaml` the title and authors. An identifier
key with no metadata is a work with that identifier alone, which PubMed enrichment fills in by PMID or DOI.
"""
from __future__ import annotations

import re
from pathlib import Path

import yaml

from citetrace.citations.bibliography import load_yaml
from citetrace.citations.matching import as_doi, as_pmid
from citetrace.citations.model import Document, Reference
from citetrace.ingest.errors import InputError
from citetrace.ingest.files import read_text
from citetrace.ingest.readers.manuscript import combined_digest, inside_folder, load_bibliographies
from citetrace.ingest.readers.markdown import manuscript_document, parse_markdown

NUMBERED_MARKDOWN = re.compile(r"^\d+[._-].*\.md$", re.IGNORECASE)
_TAG_DEFINITION = re.compile(r"^\s{0,3}\[@(?P<tag>tag:[^\]\s]+)\]:\s*(?P<target>\S+)\s*$", re.MULTILINE)
MANUAL_REFERENCES = "manual-references.json"
IDENTIFIER_PREFIXES = ("doi:", "pmid:", "pmcid:", "arxiv:", "url:", "isbn:", "wikidata:")


def is_manubot_folder(folder: Path, document_suffixes: frozenset[str]) -> bool:
    """Whether a folder is Manubot's `content/`: Markdown files, each named with a numeric prefix, and no other
    document (a file with one of `document_suffixes`). A folder of reviews with one `2020-notes.md` among them is
    not a manuscript; each of its files is a document."""
    documents = [f for f in folder.iterdir() if f.is_file() and f.suffix.lower() in document_suffixes]
    return bool(documents) and all(NUMBERED_MARKDOWN.match(f.name) for f in documents)


def read_manubot(folder: Path, bibliographies: list[Path]) -> Document:
    """The numbered Markdown files of `folder` as one manuscript, with its tags and manual references."""
    parts = sorted(inside_folder(folder, f.name, (str(folder), None), "content file")
                   for f in folder.iterdir() if f.is_file() and NUMBERED_MARKDOWN.match(f.name))
    texts, digests = [], []
    for part in parts:
        text, digest = read_text(part, "a Manubot content file")
        texts.append(text)
        digests.append(digest)
    whole = "\n\n".join(texts)
    tags = {match.group("tag"): match.group("target").lstrip("@") for match in _TAG_DEFINITION.finditer(whole)}
    parsed = parse_markdown(_TAG_DEFINITION.sub("", whole), str(folder))
    for paragraph in parsed.citations:
        for citation in paragraph:
            citation.keys = [tags.get(key, key) for key in citation.keys]
    manual = [(inside_folder(folder, MANUAL_REFERENCES, (str(folder), None), "bibliography"), None)] \
        if (folder / MANUAL_REFERENCES).is_file() else []
    loaded = load_bibliographies(manual + [(Path(b), None) for b in bibliographies])
    cited = {key for paragraph in parsed.citations for citation in paragraph for key in citation.keys}
    for key in sorted(cited):
        identified = identifier_reference(key)
        if identified is not None:
            loaded.entries[key] = _merged(identified, loaded.entries.get(key))
    title, authors = _metadata(folder)
    parsed.title = parsed.title or title
    parsed.authors = parsed.authors or authors
    document = manuscript_document(parsed, loaded, str(folder), folder.name)
    document.sha256 = combined_digest(digests + loaded.digests)
    return document


def identifier_reference(key: str) -> Reference | None:
    """The Reference an identifier key stands for (`doi:10.1/x`, `pmid:123`, `pmcid:PMC1`, `arxiv:...`, `url:...`)."""
    prefix, _, value = key.partition(":")
    value = value.strip()
    if not value or f"{prefix.lower()}:" not in IDENTIFIER_PREFIXES:
        return None
    kind = prefix.lower()
    reference = Reference(number=0, raw=f"@{key}", key=key, origin="manubot", type="article-journal")
    if kind == "doi" and as_doi(value):
        reference.doi = as_doi(value)
    elif kind == "pmid" and as_pmid(value):
        reference.pmid = as_pmid(value)
    elif kind == "pmcid":
        reference.pmcid = value.upper() if value.upper().startswith("PMC") else f"PMC{value}"
    else:
        reference.type = "webpage" if kind == "url" else "article" if kind == "arxiv" else "document"
        reference.title = value if kind == "url" else f"{prefix}:{value}"
    return reference


def _merged(identified: Reference, described: Reference | None) -> Reference:
    """Manual metadata for an identifier key, keeping the identifier the key carries."""
    if described is None:
        return identified
    described.doi = described.doi or identified.doi
    described.pmid = described.pmid or identified.pmid
    described.pmcid = described.pmcid or identified.pmcid
    return described


def _metadata(folder: Path) -> tuple[str | None, list[str]]:
    """Title and author names from Manubot's `metadata.yaml` beside the content files, if there is one."""
    path = folder / "metadata.yaml"
    if not path.is_file():
        return None, []
    inside_folder(folder, path.name, (str(folder), None), "metadata file")
    text, _digest = read_text(path, "a Manubot metadata file")
    try:
        metadata = next(iter(load_yaml(text)), None) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise InputError(str(path), f"not valid YAML: {getattr(error, 'problem', None) or error}",
                         mark.line + 1 if mark else None) from None
    if not isinstance(metadata, dict):
        return None, []
    listed = metadata.get("authors")
    authors = [a["name"] for a in listed if isinstance(a, dict) and isinstance(a.get("name"), str) and a["name"]] \
        if isinstance(listed, list) else []
    title = metadata.get("title")
    return (title if isinstance(title, str) else None), authors
