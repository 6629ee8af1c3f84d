"""A manuscript's bibliography (BibTeX/BibLaTeX, CSL-JSON, CSL-YAML) as References keyed by citation key.

The entries are structured, so their fields are taken as they are (origin `bibtex` or `csl`) and never
re-parsed; a PMID or DOI in an entry identifies its work. Problems are returned as (line, problem) so the
caller, which knows the file, can refuse it in one line.
"""
from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from typing import Any, cast

import yaml

from citetrace.citations.bibtex_import import read_bibtex
from citetrace.citations.cited_work import reference_from_work
from citetrace.citations.matching import as_doi, as_pmid
from citetrace.citations.model import Author, Reference

_YEAR = re.compile(r"\d{4}")


MAX_NESTING = 100
"""A CSL item nests four deep (`issued: {date-parts: [[2019]]}`); deeper is refused before a parser recurses
past Python's stack (`[` x 50,000)."""
_JSON_TOKEN = re.compile(r'"(?:[^"\\]|\\.)*"|[\[\]{}]')


_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
"""PyYAML's safe loader on libyaml where PyYAML was built with it: a megabyte of front matter in 1 s, not 4."""
_OPENING = (yaml.SequenceStartEvent, yaml.MappingStartEvent)
_CLOSING = (yaml.SequenceEndEvent, yaml.MappingEndEvent)


def _check_events(text: str) -> None:
    """Refuse, before anything is built, aliases (`*name`: a few lines of them can stand for billions of values,
    a YAML bomb, and nothing in a bibliography or front matter needs them) and nesting past `MAX_NESTING`
    (which a loader follows by recursion)."""
    depth = 0
    for event in yaml.parse(text, Loader=_LOADER):
        if isinstance(event, yaml.AliasEvent):
            raise yaml.composer.ComposerError(None, None, "aliases (*name) are not read", _mark(event))
        if isinstance(event, _OPENING):
            depth += 1
            if depth > MAX_NESTING:
                raise yaml.composer.ComposerError(None, None, f"nested more than {MAX_NESTING} deep", _mark(event))
        elif isinstance(event, _CLOSING):
            depth -= 1


def _mark(event: yaml.Event) -> yaml.error.Mark:
    """Where an event starts (libyaml's mark has the same line and column as PyYAML's)."""
    return cast(yaml.error.Mark, event.start_mark)


def load_yaml(text: str) -> list[Any]:
    """The documents of a YAML text (front matter, CSL-YAML, Manubot metadata), safely: no tags beyond YAML's
    own, no aliases, no nesting past `MAX_NESTING`."""
    _check_events(text)
    return list(yaml.load_all(text, Loader=_LOADER))


@dataclass
class Bibliography:
    """A bibliography file read: its entries by key, the entries it could not read, and per key what was read
    differently from what the file says (an undefined @string macro, a missing crossref), as (line, problem)."""

    entries: dict[str, Reference] = field(default_factory=dict)
    failures: list[tuple[int, str]] = field(default_factory=list)
    problems: dict[str, list[tuple[int, str]]] = field(default_factory=dict)


def parse_bibtex_bibliography(text: str) -> Bibliography:
    """Entries of a .bib by key (strings interpolated, names split, LaTeX decoded), and broken entries."""
    entries, failures = read_bibtex(text)
    found = {entry.key: reference_from_work(entry.work, 0, entry.raw, entry.line, entry.key, "bibtex") for entry in entries}
    problems = {entry.key: [(entry.line, problem) for problem in entry.problems] for entry in entries if entry.problems}
    return Bibliography(found, failures, problems)


def parse_csl_json_bibliography(text: str) -> Bibliography:
    """Items of a CSL-JSON array (what Zotero and Better BibTeX export) by id."""
    too_deep = _json_nesting_exceeded(text, MAX_NESTING)
    if too_deep is not None:
        return Bibliography(failures=[(text.count("\n", 0, too_deep) + 1, f"nested more than {MAX_NESTING} deep")])
    try:
        items = json.loads(text)
    except json.JSONDecodeError as error:
        return Bibliography(failures=[(error.lineno, f"not valid JSON: {error.msg}")])
    return Bibliography(*csl_items(items, "a CSL-JSON array of items"))


def _json_nesting_exceeded(text: str, limit: int) -> int | None:
    """Where arrays and objects first nest more than `limit` deep (brackets inside strings aside), or None."""
    depth = 0
    for match in _JSON_TOKEN.finditer(text):
        token = match.group()
        if token in "[{":
            depth += 1
            if depth > limit:
                return match.start()
        elif token in "]}":
            depth -= 1
    return None


def parse_csl_yaml_bibliography(text: str) -> Bibliography:
    """Items of a CSL-YAML file: a list, or pandoc's `references:` mapping (with or without `---` fences)."""
    try:
        documents = [document for document in load_yaml(text) if document is not None]
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        problem = f"not valid YAML: {getattr(error, 'problem', None) or error}"
        return Bibliography(failures=[(mark.line + 1 if mark else 1, problem)])
    items: Any = documents[0] if len(documents) == 1 else documents
    if isinstance(items, dict):
        items = items.get("references", [])
    return Bibliography(*csl_items(items, "a CSL-YAML list of items or a references: list"))


def csl_items(items: Any, expected: str) -> tuple[dict[str, Reference], list[tuple[int, str]]]:
    """CSL items (already loaded) by id; an item without an id is a failure."""
    if not isinstance(items, list):
        return {}, [(1, f"expected {expected}")]
    found: dict[str, Reference] = {}
    failures: list[tuple[int, str]] = []
    for position, item in enumerate(items, start=1):
        if not isinstance(item, dict) or not item.get("id"):
            failures.append((1, f"item {position} has no id"))
            continue
        found[str(item["id"])] = reference_from_csl(item)
    return found, failures


def reference_from_csl(item: dict[str, Any]) -> Reference:
    """One CSL item as a Reference, its id as the key."""
    authors = [_csl_person(person) for person in item.get("author") or [] if isinstance(person, dict)]
    editors = [_csl_person(person) for person in item.get("editor") or [] if isinstance(person, dict)]
    custom = item["custom"] if isinstance(item.get("custom"), dict) else {}
    return Reference(
        number=0,
        raw=json.dumps(item, ensure_ascii=False, default=str),
        type=str(item.get("type") or "article-journal"),
        authors=authors,
        et_al=bool(item.get("et-al") or custom.get("et-al")),
        title=_string(item.get("title")),
        container_title=_string(item.get("container-title-short") or item.get("container-title")),
        year=_csl_year(item.get("issued")),
        volume=_string(item.get("volume")),
        issue=_string(item.get("issue")),
        page=_string(item.get("page")),
        doi=as_doi(_string(item.get("DOI") or item.get("doi"))),
        pmid=as_pmid(_string(item.get("PMID") or item.get("pmid"))),
        pmcid=_string(item.get("PMCID") or item.get("pmcid")),
        editors=editors,
        publisher=_string(item.get("publisher")),
        publisher_place=_string(item.get("publisher-place")),
        edition=_string(item.get("edition")),
        key=str(item["id"]),
        origin="csl",
    )


def _string(value: Any) -> str | None:
    if value is None or value == "":
        return None
    return " ".join(str(value).split())


def _csl_person(person: dict[str, Any]) -> Author:
    """A CSL name; a value of another type than a string (`"family": 5`) is read as its text."""
    if person.get("family"):
        family = " ".join(_string(part) or "" for part in (person.get("non-dropping-particle"), person["family"]) if part)
        return Author(family=family.strip(), given=_string(person.get("given")))
    return Author(family=_string(person.get("literal") or person.get("given")) or "", collective=True)


def _csl_year(issued: Any) -> int | None:
    """The year of a CSL date: `{"date-parts": [[2019, 3]]}`, `{"raw": "2019"}`, or pandoc's YAML "2019-03"."""
    if isinstance(issued, dict):
        parts = issued.get("date-parts")
        if isinstance(parts, list) and parts and isinstance(parts[0], list) and parts[0]:
            year = _YEAR.search(str(parts[0][0]))
            return int(year.group()) if year else None
        issued = issued.get("raw") or issued.get("literal")
    if isinstance(issued, list) and issued:
        return _csl_year(issued[0])
    year = _YEAR.search(str(issued)) if issued is not None else None
    return int(year.group()) if year else None
