"""BibTeX field values read as BibTeX reads them, as bibtexparser middlewares that run before its own.

bibtexparser 2.1 resolves an @string macro only when it is a field's whole value and leaves `#`
concatenation, `crossref` and commands its LaTeX decoder does not know to the user. Here:
- `Interpolation`: each value that is not one braced or quoted string is read as BibTeX does, parts joined by
  `#`: `{...}` and `"..."` as written, digits as a number, a name as its @string (case-insensitive; `jan`...
  `dec` predefined). An undefined macro is empty, as in BibTeX, and reported.
- `CrossrefInheritance`: an entry with `crossref` takes every field it lacks from the entry it names (and
  that entry's title as its `booktitle`), as BibTeX and biber do.
- `UnknownCommands`: a value holding a LaTeX command the decoder does not know (`\\write18{...}`) is not
  decoded, since the decoder would drop the command and keep its arguments ("18touch x"); it is kept as
  written and reported.
- `OversizedValues`: a value longer than any bibliographic field is left out and reported; so is one that
  @string macros and `#` make that long (its length counted, its text never made).
- `FirstOfDuplicateFields`: an entry giving a field twice (common in exports) keeps the first value and is
  reported, as BibTeX does, instead of being lost as bibtexparser's failed block.
Each leaves what it reports in the entry's `parser_metadata` under its `metadata_key`.
"""
from __future__ import annotations

import re
from collections import Counter

from bibtexparser.library import Library
from bibtexparser.middlewares.middleware import LibraryMiddleware
from bibtexparser.model import DuplicateFieldKeyBlock, Entry, Field

from citetrace.citations.latex_encoding import latex_decoder

MONTH_MACROS = ("jan", "feb", "mar", "apr", "may", "jun", "jul", "aug", "sep", "oct", "nov", "dec")
NAME_FIELDS = frozenset({"author", "editor"})
_COMMAND = re.compile(r"\\([A-Za-z]+)")


def _split_parts(value: str) -> list[str] | None:
    """The `#`-separated parts of a raw value (outside braces and quotes), stripped; None if unbalanced."""
    parts: list[str] = []
    current: list[str] = []
    depth, quoted = 0, False
    for char in value:
        if char == "{":
            depth += 1
        elif char == "}":
            depth -= 1
            if depth < 0:
                return None
        elif char == '"' and depth == 0:
            quoted = not quoted
        elif char == "#" and depth == 0 and not quoted:
            parts.append("".join(current).strip())
            current = []
            continue
        current.append(char)
    if depth or quoted:
        return None
    parts.append("".join(current).strip())
    return parts


def _is_one_string(value: str) -> bool:
    """Whether the value is a single braced or quoted string (which bibtexparser's own middlewares handle)."""
    parts = _split_parts(value)
    if not parts or len(parts) != 1:
        return False
    part = parts[0]
    return (part.startswith("{") and part.endswith("}")) or (part.startswith('"') and part.endswith('"'))


class Oversized(int):
    """The length of a value past `MAX_VALUE_CHARS`, held instead of its text: an @string doubled 40 times
    (`s1 = s0 # s0`, ...) stands for 10 TB, so its length is counted and its text never made."""


def interpolate(value: str, strings: dict[str, str | Oversized], undefined: list[str]) -> str | Oversized | None:
    """The text of a raw value (or its length, `Oversized`, when longer than `MAX_VALUE_CHARS`); macros it names
    but `strings` lacks are appended to `undefined`. None when the value is not BibTeX (unbalanced braces or
    quotes, an empty part)."""
    parts = _split_parts(value)
    if parts is None or not all(parts):
        return None
    pieces: list[str | Oversized] = []
    for part in parts:
        if part[0] in '{"':
            pieces.append(part[1:-1])
        elif part.isdigit():
            pieces.append(part)
        elif part.lower() in strings:
            pieces.append(strings[part.lower()])
        elif part.lower() in MONTH_MACROS:
            pieces.append(part.lower())
        else:
            undefined.append(part)
    length = sum(piece if isinstance(piece, Oversized) else len(piece) for piece in pieces)
    if length > MAX_VALUE_CHARS:
        return Oversized(length)
    return "".join(str(piece) for piece in pieces)


MAX_VALUE_CHARS = 100_000
"""No bibliographic field is this long (an abstract is a few thousand characters); a longer value is left out,
because the LaTeX decoder's time grows faster than its length."""


class FirstOfDuplicateFields(LibraryMiddleware):
    """An entry with a field given twice (names compared case-insensitively, as BibTeX does), back as an entry
    with each field's first value (run first)."""

    @classmethod
    def metadata_key(cls) -> str:
        return "citetrace-duplicate-fields"

    def transform(self, library: Library) -> Library:
        for block in [*library.failed_blocks, *library.entries]:
            entry = block.ignore_error_block if isinstance(block, DuplicateFieldKeyBlock) else block
            if not isinstance(entry, Entry):
                continue
            first: dict[str, Field] = {}
            for field in entry.fields:
                first.setdefault(field.key.lower(), field)
            if len(first) < len(entry.fields):
                counts = Counter(field.key.lower() for field in entry.fields)
                entry.parser_metadata[self.metadata_key()] = sorted(key for key, n in counts.items() if n > 1)
                entry.fields = list(first.values())
            if entry is not block:
                library.replace(block, entry, fail_on_duplicate_key=False)
        return library


class OversizedValues(LibraryMiddleware):
    """Values longer than `MAX_VALUE_CHARS`, emptied before anything reads them (run first)."""

    @classmethod
    def metadata_key(cls) -> str:
        return "citetrace-oversized-values"

    def transform(self, library: Library) -> Library:
        for entry in library.entries:
            oversized = {}
            for field in entry.fields:
                if isinstance(field.value, str) and len(field.value) > MAX_VALUE_CHARS:
                    oversized[field.key.lower()] = len(field.value)
                    field.value = "{}"
            if oversized:
                entry.parser_metadata[self.metadata_key()] = oversized
        return library


class Interpolation(LibraryMiddleware):
    """@string macros and `#` concatenation, in the order BibTeX reads them."""

    @classmethod
    def metadata_key(cls) -> str:
        return "citetrace-undefined-macros"

    def transform(self, library: Library) -> Library:
        strings: dict[str, str | Oversized] = {}
        for string in library.strings:
            raw = string.value if isinstance(string.value, str) else str(string.value)
            resolved = interpolate(raw, strings, []) if not _is_one_string(raw) else raw[1:-1]
            strings[string.key.lower()] = resolved if resolved is not None else raw
        for entry in library.entries:
            undefined: list[str] = []
            for field in entry.fields:
                if isinstance(field.value, str) and not _is_one_string(field.value):
                    resolved = interpolate(field.value, strings, undefined)
                    if isinstance(resolved, Oversized):
                        oversized = entry.parser_metadata.setdefault(OversizedValues.metadata_key(), {})
                        oversized[field.key.lower()] = int(resolved)
                        field.value = "{}"
                    elif resolved is not None:
                        field.value = "{" + resolved + "}"
            if undefined:
                entry.parser_metadata[self.metadata_key()] = undefined
        return library


class CrossrefInheritance(LibraryMiddleware):
    """Fields a `crossref` child lacks, taken from its parent."""

    @classmethod
    def metadata_key(cls) -> str:
        return "citetrace-missing-crossref"

    def transform(self, library: Library) -> Library:
        by_key = {entry.key.lower(): entry for entry in library.entries}
        for entry in library.entries:
            target = entry.fields_dict.get("crossref")
            if target is None or not isinstance(target.value, str):
                continue
            parent = by_key.get(target.value.strip("{}\" ").lower())
            if parent is None or parent is entry:
                entry.parser_metadata[self.metadata_key()] = target.value.strip("{}\" ")
                continue
            have = {key.lower() for key in entry.fields_dict}
            for field in parent.fields:
                name = field.key.lower()
                if name not in have and name != "crossref":
                    entry.set_field(Field(name, field.value))
                    have.add(name)
            if "booktitle" not in have and "title" in {key.lower() for key in parent.fields_dict}:
                title = next(f.value for f in parent.fields if f.key.lower() == "title")
                entry.set_field(Field("booktitle", title))
        return library


class UnknownCommands(LibraryMiddleware):
    """Values with a LaTeX command the decoder does not know, kept as written (run before decoding)."""

    @classmethod
    def metadata_key(cls) -> str:
        return "citetrace-unknown-commands"

    def transform(self, library: Library) -> Library:
        context = latex_decoder().latex_context
        for entry in library.entries:
            kept: dict[str, tuple[str, str]] = {}
            for field in entry.fields:
                if field.key.lower() in NAME_FIELDS or not isinstance(field.value, str):
                    continue
                unknown = [name for name in _COMMAND.findall(field.value) if context.get_macro_spec(name) is None]
                if unknown:
                    kept[field.key.lower()] = (field.value, unknown[0])
            if kept:
                entry.parser_metadata[self.metadata_key()] = kept
        return library


def duplicate_fields(entry: Entry) -> list[str]:
    """The fields given more than once, of which the first value was kept."""
    return entry.parser_metadata.get(FirstOfDuplicateFields.metadata_key(), [])


def oversized_values(entry: Entry) -> dict[str, int]:
    """Field -> its length, for the values left out as too long."""
    return entry.parser_metadata.get(OversizedValues.metadata_key(), {})


def undefined_macros(entry: Entry) -> list[str]:
    return entry.parser_metadata.get(Interpolation.metadata_key(), [])


def missing_crossref(entry: Entry) -> str | None:
    return entry.parser_metadata.get(CrossrefInheritance.metadata_key())


def undecoded_values(entry: Entry) -> dict[str, tuple[str, str]]:
    """Field -> (value as written, the first unknown command in it)."""
    return entry.parser_metadata.get(UnknownCommands.metadata_key(), {})
