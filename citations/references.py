"""Parse NLM/Vancouver reference strings (as PubMed and UpToDate print them) into `Reference`s.

Pure functions over strings, with one edge: where the rules are not certain, the sequence labeller
(`reference_labeller`) reads the fields with the CRF model shipped in the package, read from disk once per
process on first use (`reference_labeller.shipped_tagger`); `model=False` never touches it.

The rules read a string from the right: identifiers (DOI, PMID, PMCID, Epub dates) and editorial notes are
taken out first, then the publication tail ("2003; 82(6):373-84", "Oxford: Oxford University Press; 2010") is
recognised, which leaves "authors. title. journal" — the leading name list ends at the first full stop after a
name, and the journal is the last sentence before the tail, so titles may hold colons, brackets, digits and
inner full stops. Anything it cannot place is kept in `raw` and flagged, never dropped.
"""
from __future__ import annotations

import re

from citetrace.citations.matching import WRITTEN_DOI, written_doi
from citetrace.citations.model import Author, Reference
from citetrace.citations.reference_labeller import is_labellable, label, read_fields

YEAR = r"(?:1[5-9]|20)\d{2}"
_MONTH_NAME = r"(?:Jan|Feb|Mar|Apr|May|Jun|Jul|Aug|Sep|Oct|Nov|Dec)[a-z]*\.?"
MONTH = rf"(?:{_MONTH_NAME}(?:\s*[-/]\s*{_MONTH_NAME})?|Spring|Summer|Autumn|Fall|Winter)"
DAY = r"\d{1,2}(?:\s*[-\u2013]\s*\d{1,2})?"
_PAGE_RANGE = r"[A-Za-z]{0,4}\d+[A-Za-z]?(?:\s*[-\u2013]\s*[A-Za-z]{0,4}\d+[A-Za-z]?)?"
PAGES = rf"{_PAGE_RANGE}(?:\s*,\s*{_PAGE_RANGE})*"

WHITESPACE = re.compile(r"\s+")
DIGITS = re.compile(r"\d+")
TRAILING_SEPARATORS = re.compile(r"(?<![\s.,;:])[\s.,;:]+$")
PMID = re.compile(r"\b(?:PubMed\s+)?PMID:?\s*(?P<pmid>[0-9]{1,9})\b[.;,]?", re.IGNORECASE)
URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"]+", re.IGNORECASE)
PMCID = re.compile(r"\b(?:PubMed\s+Central\s+)?PMCID:?\s*(?P<pmcid>PMC\d+)\b[.;,]?", re.IGNORECASE)
EPUB_AHEAD = re.compile(r"\[?\bEpub\s+ahead\s+of\s+print\b\]?\.?", re.IGNORECASE)
EPUB = re.compile(rf"\bEpub\s+(?P<date>{YEAR}(?:\s+{MONTH}(?:\s+{DAY})?)?)\.?", re.IGNORECASE)
LINK_NOISE = re.compile(r"\[(?:PubMed|PMC free article|Google Scholar|Cross ?Ref|Free full text)\]", re.IGNORECASE)
EDITORIAL_NOTE = re.compile(
    r"\[(?:corrected|sic|retracted|retraction[^\]]*|see comments?|comment|[^\]]*erratum[^\]]*|article in [^\]]+)\]",
    re.IGNORECASE,
)
PERSONAL_COMMUNICATION = re.compile(r"\bpersonal\s+communication\b", re.IGNORECASE)
UNPUBLISHED = re.compile(r"\bunpublished(?:\s+(?:data|observations?|results|work))?\b", re.IGNORECASE)
COMMUNICATION_END = re.compile(rf"^[\s,;.()]*(?:(?:{MONTH}\s+)?{YEAR})?[\s,;.()]*$")

COMMUNICATION_PART = re.compile(r"[,;.()]\s*")
ET_AL = re.compile(r"[,;]?\s*\bet\.?\s+al\b\.?,?\s*", re.IGNORECASE)
FIRST_FULL_STOP = re.compile(r"\.(?:\s+|$)")
SENTENCE_BREAK = re.compile(r"(?<=[.?!])(?<!\bSt\.)(?<!\bMt\.)(?<!\bFt\.)\s+")
NAME_SEPARATOR = re.compile(r"\s*[,;]\s*")
EDITOR_ROLE = re.compile(r"^(?P<names>.*?),?\s+(?:editors?|eds?|\(eds?\))\.?$", re.IGNORECASE)
NAME_SUFFIX = re.compile(r"^(?:Jr|Sr|II|III|IV|2nd|3rd|4th)\.?$")
FAMILY_WORD = re.compile(
    r"^(?:[^\W\d_][^\W\d_'\u2019.-]*(?:['\u2019-][^\W\d_]+)*\.?"  # Korthäuer, Pan-Hammarström, O'Gorman
    r"|[a-z]{1,3}['\u2019-][^\W\d_]+(?:-[^\W\d_]+)*)$"  # d'Aubigné, al-Herz
)
PARTICLES = frozenset(
    "de da di do del della dei der den des du dos das van von ten ter le la las los y e zu bin ben ibn st".split()
)
GROUP_WORD = re.compile(
    r"\b(?:Academy|Association|Society|Committee|Group|College|Council|Organi[sz]ation|Institute|Consortium|"
    r"Foundation|Network|Cent(?:er|re)s?|Panel|Force|Collaborat\w*|Investigators|Board|Department|Federation|"
    r"Agency|Registry|Programm?e?|Working|Union|League|Alliance|Commission|Services?|Ministry|Trialists)\b"
)

ARTICLE_TAIL = re.compile(
    rf"(?:(?<=[\s.,;(])|^)(?P<year>{YEAR})[a-z]?"
    rf"(?:\s+(?P<month>{MONTH})(?:\s+(?P<day>{DAY}))?)?"
    r"(?:\s*;\s*(?P<volume>\d+[A-Za-z]?|[IVXLC]+)?"
    r"(?:\s*\((?P<issue>[^()]*)\))?"
    r"(?:\s+(?P<supplement>Suppl\.?(?:\s*[A-Za-z0-9]+)?))?"
    rf"(?:\s*:\s*(?P<page>{PAGES}))?)?"
    r"[\s.;]*$"
)
ISSUE_SUPPLEMENT = re.compile(r"^(?P<issue>.*?)\s*(?P<supplement>Suppl\.?(?:\s*[A-Za-z0-9]+)?)$")
NLM_PUBLISHER_TAIL = re.compile(
    rf":\s*(?P<publisher>[^:;]+?);\s*(?P<year>{YEAR})[a-z]?(?:\s+{MONTH}(?:\s+{DAY})?)?"
    rf"(?:[.,]?\s*(?:pp?\.\s*(?P<page>{PAGES})|\d+\s*p)\.?)?[\s.]*$"
)
UPTODATE_BOOK = re.compile(
    r"^(?P<title>[^,]+(?:,[^,]+?)??)"
    r"(?:,\s*(?P<edition>[^,]+?)\s+ed\.?)?"
    r"(?:,\s*(?P<editors>[^,()]+(?:,[^,()]+)*?)\s*\((?:Eds?|eds?)\.?\))?"
    r",\s*(?P<publisher>[^,]+),\s*(?P<place>[^,]+?)\s+"
    rf"(?P<year>{YEAR})[a-z]?\.?(?:\s*(?:Vol\.?\s*\w+,?\s*)?pp?\.\s*(?P<page>{PAGES})\.?)?\s*$"
)
UPTODATE_BOOK_MARKER = re.compile(r"\sed\b|\([Ee]ds?\.?\)")
"""What UPTODATE_BOOK cannot match a book without: an edition ("3rd ed") or "(Eds)"."""
NAME_LIST_START = re.compile(r"^[^\W\d_][\w'\u2019-]*(?: [^\W\d_][\w'\u2019-]*)? [A-Z][A-Z\u2010-]{0,5}[,.:]")
THESIS_WORD = re.compile(r"\b(?:thesis|dissertation)\b", re.IGNORECASE)
REPORT_WORD = re.compile(r"\b(?:report|technical report|working paper)\b", re.IGNORECASE)
UNIVERSITY = re.compile(r"\b(?:Universit\w*|College|Institutet|School)\b")
PRESS = re.compile(r"\b(?:Press|Publish\w*|Books?)\b")
CHAPTER_IN = re.compile(r"(?:^|[.?!]\s)[Ii]n:?\s")
PUBLISHER_WORD = re.compile(
    r"\b(?:Universit\w*|Press|Publish\w*|Books?|Institut\w*|Agency|Organi[sz]ation|Association|Society|"
    r"Collaboration|Excellence|Department|Ministry|Cent(?:er|re)s?|College|Foundation|Council|Services?)\b|:"
)
CHAPTER_MARK = re.compile(r"(?:(?<=[.?!])\s+|^)In:\s*", re.IGNORECASE)
EDITION = re.compile(r"(?:^|(?<=[.?!])\s+)(?P<edition>[^.]{1,30}?)\s+ed\.?$", re.IGNORECASE)
EDITED_BY = re.compile(r"^(?P<names>[^.]+?),?\s+(?:editors?|eds?)\.?(?:\s+|$)", re.IGNORECASE)
YEAR_PART = re.compile(rf"^(?:{MONTH}\s+)?(?P<year>{YEAR})$")
ANY_YEAR = re.compile(rf"(?<!\d)(?P<year>{YEAR})(?!\d)")
TRAILING_REVIEW = re.compile(r"(?<=[.\]])\s*\bReview\.?$")
IN_PRESS = re.compile(r"[.,;]?\s*\bin\s+press\b\.?\s*$", re.IGNORECASE)
NOTE_FLAGS = (
    ("corrected", "corrected"), ("retract", "retracted"), ("erratum", "erratum"), ("article in", "translated")
)

PROCEEDINGS = re.compile(r"\b(?:Proc|Proceedings|Conference|Conf|Symposium|Workshop|Congress)\b")
PREPRINT_SERVER = re.compile(r"^(?:bioRxiv|medRxiv|arXiv|SSRN|PsyArXiv|Research Square|Preprints)\b", re.IGNORECASE)
NUMBERED_LINE = re.compile(r"^\s*(?:\[(?P<bracketed>\d{1,4})\]|(?P<number>\d{1,4})[.)])(?:\s+|$)(?P<text>.*)$")
"""A line of a numbered reference list in text: "12. Smith J ...", "12) ..." or "[12] ...", its number and text.
The one definition for text (the list parser here, the text reader's search for the list); a PDF's labels
(`ingest.pdf.structure`) may also lose their punctuation or be superscript, which only its layout can tell."""
MAX_NUMBER_GAP = 50
"""A numbered line further ahead than this is read as a wrapped line (e.g. starting with a year)."""


def parse_reference(raw: str, number: int, line: int | None = None, *, model: bool = True) -> Reference:
    """Parse one reference string; never raises. What cannot be read is kept in `raw` and flagged.

    Rules first, where they are certain (a whole NLM/UpToDate pattern matched); otherwise the shipped sequence
    labeller reads each field on its own (`model=False` keeps the rules' partial reading instead, which is what
    the evaluation and the benchmark call the old parser). A string that cannot be a reference (over-long,
    binary, mostly non-Latin script) gets no fields at all, so no input takes long."""
    ref = Reference(number=number, raw=raw, line=line)
    if not is_labellable(raw):
        ref.flags.append("unparsed")
        return ref
    normalised = WHITESPACE.sub(" ", raw).strip()
    text = _take_identifiers(normalised, ref)
    text = _take_editorial_notes(text, ref)
    if "press" in text.lower() and IN_PRESS.search(text):
        text = IN_PRESS.sub("", text)
        ref.flags.append("in-press")
    text = TRAILING_SEPARATORS.sub("", text)
    for parse in (_parse_communication, _parse_chapter, _parse_nlm_book, _parse_article, _parse_uptodate_book):
        candidate = _attempt(ref)
        if text and parse(text, candidate) and (not model or _is_certain(candidate)):
            return candidate
    if model:
        _parse_labelled(normalised, ref)
    else:
        _parse_partially(text, ref)
    return ref


def _attempt(ref: Reference) -> Reference:
    """A copy of `ref` for one parser to fill: fresh name and flag lists, identifiers kept.

    A shallow copy of the instance dictionary, not `dataclasses.replace` (which re-runs `__init__` over every
    field) nor `copy.copy` (which goes through `__reduce_ex__`): this is done up to five times per reference, and
    a library holds about a hundred thousand of them."""
    candidate = object.__new__(Reference)
    candidate.__dict__.update(ref.__dict__)
    candidate.authors, candidate.editors = [], []
    candidate.flags, candidate.editorial_notes = list(ref.flags), list(ref.editorial_notes)
    return candidate


def parse_reference_list(lines: list[tuple[int, str]]) -> tuple[list[Reference], list[str]]:
    """Split a numbered reference block into entries, parse each, and report numbering problems.

    `lines` are (1-based line number, text). An entry starts at "1.", "1)" or "[1]" and runs on through
    unnumbered continuation lines (joined with a space, or with nothing after a trailing hyphen); blank
    lines are skipped. A number more than `MAX_NUMBER_GAP` ahead of the last one is taken as a wrapped
    line such as "2001. 98:1." rather than a new entry.

    Numbering problems become warnings naming the line: gaps ("reference number 3 missing (2 is
    followed by 4)"), repeats and numbers out of order. A repeated number never loses data: the first
    entry keeps number N as the list's reference N, the later one is returned too, with the same number
    and the flag `duplicate-number` (its CSL id then names its line, so ids stay unique). Text before
    the first number is reported and left out, as it is not a reference.
    """
    entries: list[tuple[int, int, list[str]]] = []
    warnings: list[str] = []
    for line_number, text in lines:
        if not text.strip():
            continue
        match = NUMBERED_LINE.match(text)
        last = entries[-1][1] if entries else 0
        if match and (number := int(match["bracketed"] or match["number"])) <= last + MAX_NUMBER_GAP:
            entries.append((line_number, number, [match["text"].strip()]))
        elif entries:
            entries[-1][2].append(text.strip())
        else:
            warnings.append(f"line {line_number}: text before the first reference number")
    references: list[Reference] = []
    present = {number for _, number, _ in entries}
    seen: set[int] = set()
    previous: int | None = None
    for line_number, number, parts in entries:
        ref = parse_reference(_join_wrapped(parts), number, line_number)
        warning = _numbering_warning(number, previous, seen, present)
        if warning:
            warnings.append(f"line {line_number}: {warning}")
        if number in seen:
            ref.flags.append("duplicate-number")
        seen.add(number)
        previous = number if previous is None else max(previous, number)
        references.append(ref)
    return references, warnings


def _join_wrapped(parts: list[str]) -> str:
    """Join an entry's lines; a line ending in a hyphen was wrapped inside a hyphenated word."""
    pieces: list[str] = []
    for part in parts:
        if pieces and not pieces[-1].endswith("-"):
            pieces.append(" ")
        pieces.append(part)
    return "".join(pieces).strip()


def _numbering_warning(number: int, previous: int | None, seen: set[int], present: set[int]) -> str | None:
    """Say what is wrong with `number` following the highest number so far, if anything; `present` are all the
    list's numbers, so a number written early (3, 1, 2) is out of order rather than leaving a gap."""
    if number in seen:
        return f"reference number {number} repeated"
    expected = 1 if previous is None else previous + 1
    if number < expected:
        return f"reference number {number} out of order (follows {previous})"
    if number == expected:
        return None
    if all(skipped in present for skipped in range(expected, number)):
        where = "first in the list" if previous is None else f"follows {previous}"
        return f"reference number {number} out of order ({where}; {expected} comes later)"
    missing = str(expected) if number == expected + 1 else f"{expected}-{number - 1}"
    plural = "number" if number == expected + 1 else "numbers"
    context = f"list starts at {number}" if previous is None else f"{previous} is followed by {number}"
    return f"reference {plural} {missing} missing ({context})"


def _take_identifiers(text: str, ref: Reference) -> str:
    """Move DOI, PMID, PMCID, URL and Epub dates out of the text into their fields.

    Each pattern is tried only when the text holds the literal it cannot match without ("10.", "pmid", ...):
    most strings hold none, and this runs for every reference."""
    lowered = text.lower()
    if "[" in text:
        text = LINK_NOISE.sub(" ", text)
    if "10." in text and (match := WRITTEN_DOI.search(text)):
        ref.doi = written_doi(match)
        text = text[: match.start()] + text[match.end() :]
    if "pmid" in lowered and (match := PMID.search(text)):
        ref.pmid = match["pmid"]
        text = text[: match.start()] + text[match.end() :]
    if "pmc" in lowered and (match := PMCID.search(text)):
        ref.pmcid = match["pmcid"].upper()
        text = text[: match.start()] + text[match.end() :]
    if ("http" in lowered or "www." in lowered) and (match := URL.search(text)):
        ref.url = match.group().rstrip(".,;)]")
        text = text[: match.start()] + text[match.end() :]
    if "epub" in lowered:
        if EPUB_AHEAD.search(text):
            ref.flags.append("epub-ahead-of-print")
            text = EPUB_AHEAD.sub(" ", text)
        if match := EPUB.search(text):
            ref.epub = match["date"]
            text = text[: match.start()] + text[match.end() :]
    return WHITESPACE.sub(" ", text).strip()


def _take_editorial_notes(text: str, ref: Reference) -> str:
    """Move notes such as "[corrected]" out of the text (titles read as published) and flag them."""
    for match in EDITORIAL_NOTE.finditer(text):
        note = match.group(0)
        ref.editorial_notes.append(note)
        lowered = note.lower()
        flag = next((flag for key, flag in NOTE_FLAGS if key in lowered), "editorial-note")
        if flag not in ref.flags:
            ref.flags.append(flag)
    text = WHITESPACE.sub(" ", EDITORIAL_NOTE.sub(" ", text)).strip()
    if "Review" in text and (review := TRAILING_REVIEW.search(text)):
        ref.editorial_notes.append("Review")
        text = text[: review.start()]
    return text


def _parse_person(part: str) -> Author | None:
    """Read "de Saint Basile G" or "Smith J Jr" as a person: surname words, then cited initials."""
    tokens = part.split()
    suffix = tokens.pop() if len(tokens) >= 3 and NAME_SUFFIX.match(tokens[-1]) and _is_initials(tokens[-2]) else None
    if len(tokens) < 2 or len(tokens) > 5:
        return None
    initials, family = tokens[-1], tokens[:-1]
    if not _is_initials(initials):
        return None
    if family[-1] in PARTICLES or not all(word in PARTICLES or FAMILY_WORD.match(word) for word in family):
        return None
    if not any(word[0].isupper() for word in family):
        return None
    given = f"{initials} {suffix}" if suffix else initials
    return Author(family=" ".join(family), given=given, initials=initials)


def _is_initials(token: str) -> bool:
    return token.isalpha() and token.isupper() and len(token) <= 4


def _parse_names(segment: str) -> list[Author] | None:
    """Read a comma/semicolon separated name list; a corporate name becomes a `collective` Author."""
    authors: list[Author] = []
    for part in NAME_SEPARATOR.split(segment.strip()):
        if not part:
            return None
        person = _parse_person(part)
        if person:
            authors.append(person)
        elif GROUP_WORD.search(part) and not any(char.isdigit() for char in part):
            authors.append(Author(family=part, collective=True))
        else:
            return None
    return authors or None


def _split_names(text: str) -> tuple[list[Author], bool, bool, str]:
    """Take the leading name list off `text`: (names, et al, are editors, rest).

    The list ends at "et al" or at the first full stop; if what precedes is not a list of names,
    there are no authors and the whole text is the rest.
    """
    lowered = text.lower()
    et_al = ("et al" in lowered or "et. al" in lowered) and ET_AL.search(text)
    if et_al and not FIRST_FULL_STOP.search(text[: et_al.start()]):
        names = _parse_names(text[: et_al.start()])
        if names:
            return names, True, False, text[et_al.end() :]
    stop = FIRST_FULL_STOP.search(text)
    segment, rest = (text[: stop.start()], text[stop.end() :]) if stop else (text, "")
    role = EDITOR_ROLE.match(segment)
    if role and (names := _parse_names(role["names"])):
        return names, False, True, rest
    if names := _parse_names(segment):  # "Aa ED" is a person whose initials read like "ed"
        return names, False, False, rest
    return [], False, False, text


def _is_corporate(names: list[Author]) -> bool:
    return all(author.collective for author in names)


def _assign_names(ref: Reference, names: list[Author], et_al: bool, editors: bool) -> None:
    if editors:
        ref.editors = names
    else:
        ref.authors = names
    ref.et_al = et_al


def _split_title(text: str) -> tuple[str | None, str]:
    """Split "title. journal" at the last sentence break: (title, journal)."""
    breaks = list(SENTENCE_BREAK.finditer(text))
    if not breaks:
        return None, text.strip()
    last = breaks[-1]
    return _clean_title(text[: last.start()]), text[last.end() :].strip()


def _clean_title(title: str) -> str | None:
    """Drop the closing full stop of a title; keep a closing "?" or "!" which belongs to it."""
    title = title.strip().removesuffix(".").strip()
    return title or None


def _set_date(ref: Reference, match: re.Match[str]) -> None:
    ref.year = int(match["year"])
    groups = match.groupdict()
    ref.month = groups.get("month")
    if groups.get("day") and (digits := DIGITS.match(groups["day"])):
        ref.day = int(digits[0])


def _parse_article(text: str, ref: Reference) -> bool:
    """Journal article: "authors. title. journal year; volume(issue):pages"."""
    tail = ARTICLE_TAIL.search(text)
    if not tail and "in-press" not in ref.flags:
        return False
    head = TRAILING_SEPARATORS.sub("", text[: tail.start()] if tail else text)
    names, et_al, editors, rest = _split_names(head)
    title, journal = _split_title(rest)
    if title is None and names and _is_corporate(names):
        names, et_al, editors = [], False, False
        title, journal = _split_title(head)
    if not journal or not (tail and (tail["volume"] or tail["page"]) or title):
        return False
    _assign_names(ref, names, et_al, editors)
    ref.type = "article-journal"
    ref.title, ref.container_title = title, journal
    if title is None:
        ref.flags.append("no-title")
    if tail:
        _set_tail(ref, tail)
    return True


def _set_tail(ref: Reference, tail: re.Match[str]) -> None:
    _set_date(ref, tail)
    ref.volume, ref.page = tail["volume"], _clean_page(tail["page"])
    ref.issue, ref.supplement = tail["issue"], tail["supplement"]
    if ref.issue and (split := ISSUE_SUPPLEMENT.match(ref.issue)):
        ref.issue, ref.supplement = split["issue"] or None, split["supplement"]


def _clean_page(page: str | None) -> str | None:
    return WHITESPACE.sub("", page).replace(",", ", ") if page else None


def _parse_book_body(text: str, ref: Reference) -> bool:
    """Fill title, edition, place, publisher, year and pages from "title. 2nd ed. place: publisher; year."."""
    tail = NLM_PUBLISHER_TAIL.search(text)
    if not tail:
        return False
    before = text[: tail.start()]
    breaks = list(SENTENCE_BREAK.finditer(before))
    place_start = breaks[-1].end() if breaks else 0
    place = before[place_start:].strip()
    before = before[:place_start].strip()
    if edition := EDITION.search(before):
        ref.edition = edition["edition"].strip()
        before = before[: edition.start()]
    ref.publisher_place, ref.publisher = place or None, tail["publisher"].strip()
    ref.year, ref.page = int(tail["year"]), _clean_page(tail["page"])
    return _set_book_title(ref, before)


def _set_book_title(ref: Reference, title: str) -> bool:
    cleaned = _clean_title(title)
    if ref.type == "chapter":
        ref.container_title = cleaned
    else:
        ref.title = cleaned
    return cleaned is not None


def _parse_uptodate_book_body(text: str, ref: Reference, require_marker: bool) -> bool:
    """UpToDate's book form: "title, 3rd ed, Ochs HD, Puck JM (Eds), publisher, place 2014. p.321."."""
    match = UPTODATE_BOOK.match(text)
    if not match or (require_marker and not (match["edition"] or match["editors"])):
        return False
    if match["editors"]:
        editors = _parse_names(match["editors"])
        if editors is None:
            return False
        ref.editors = editors
    ref.edition = match["edition"]
    ref.publisher, ref.publisher_place = match["publisher"].strip(), match["place"].strip()
    ref.year, ref.page = int(match["year"]), _clean_page(match["page"])
    return _set_book_title(ref, match["title"])


def _parse_nlm_book(text: str, ref: Reference) -> bool:
    """Whole book: "authors (or editors). title. edition. place: publisher; year."."""
    if not NLM_PUBLISHER_TAIL.search(text):
        return False
    names, et_al, editors, rest = _split_names(text)
    ref.type = "book"
    if not _parse_book_body(rest, ref):
        return False
    _assign_names(ref, names, et_al, editors)
    return True


def _parse_uptodate_book(text: str, ref: Reference) -> bool:
    """Whole book in UpToDate's comma form; needs an edition or "(Eds)" to tell it from an article."""
    if not UPTODATE_BOOK_MARKER.search(text):
        return False
    names, et_al, editors, rest = _split_names(text)
    ref.type = "book"
    if not _parse_uptodate_book_body(rest, ref, require_marker=True):
        return False
    _assign_names(ref, names, et_al, editors)
    return True


def _parse_chapter(text: str, ref: Reference) -> bool:
    """Chapter: "authors. chapter title. In: editors, editors. book title. ... p. 12-20." (NLM or UpToDate)."""
    mark = "in:" in text.lower() and CHAPTER_MARK.search(text)
    if not mark:
        return False
    names, et_al, _, before = _split_names(text[: mark.start()])
    book = text[mark.end() :]
    ref.type = "chapter"
    edited = EDITED_BY.match(book)
    editors = _parse_names(edited["names"]) if edited else None
    parsed = (
        _parse_book_body(book[edited.end() :], ref)
        if edited and editors
        else _parse_book_body(book, ref) or _parse_uptodate_book_body(book, ref, require_marker=False)
    )
    if not parsed:
        return False
    if editors:
        ref.editors = editors
    ref.authors, ref.et_al = names, et_al
    ref.title = _clean_title(before)
    return True


def _parse_communication(text: str, ref: Reference) -> bool:
    """Personal communication or unpublished data, said last.

    "Notarangelo L, Harvard Medical School, 2012, personal communication." -> leading names are authors,
    the year is the year, the rest is the institution.
    """
    lowered = text.lower()
    marker = ("communication" in lowered and PERSONAL_COMMUNICATION.search(text)) or (
        "unpublished" in lowered and UNPUBLISHED.search(text))
    if not marker or not COMMUNICATION_END.match(text[marker.end() :]):
        return False
    ref.type = "personal_communication" if marker.re is PERSONAL_COMMUNICATION else "manuscript"
    parts = [part for part in COMMUNICATION_PART.split(text[: marker.start()] + text[marker.end() :]) if part.strip()]
    places: list[str] = []
    for part in parts:
        part = part.strip()
        person = _parse_person(part)
        year = YEAR_PART.match(part)
        if person and not places:
            ref.authors.append(person)
        elif year:
            ref.year = int(year["year"])
        elif part.lower() == "et al" and ref.authors:
            ref.et_al = True
        else:
            places.append(part)
    ref.institution = ", ".join(places) or None
    return True


def _parse_partially(text: str, ref: Reference) -> None:
    """Keep what can be read of an unrecognised string: leading names and the last year."""
    ref.flags.append("unparsed")
    names, et_al, editors, _ = _split_names(text)
    _assign_names(ref, names, et_al, editors)
    years = ANY_YEAR.findall(text)
    if years:
        ref.year = int(years[-1])


def _is_certain(ref: Reference) -> bool:
    """Whether a rule parse can stand without the labeller: a book, chapter or communication pattern matched
    whole, or an article with title, journal, year and volume or page, or with a year alone after a journal with
    no number in it (numbers there are a layout the rules do not know: "Eur J Epidemiol 29: 621-8, 2014"), no
    publisher's word and no comma before the year ("Saunders, 2016"), or one in press or ahead of print. Never when the title starts like a list of names the
    rules could not read ("Xia M, Wang L, Yang Z-X, ...")."""
    if not ref.authors and ref.title and NAME_LIST_START.match(ref.title):
        return False
    if ref.type != "article-journal":
        return True
    journal = ref.container_title or ""
    publisher_like = DIGITS.search(journal) or PUBLISHER_WORD.search(journal) or f"{journal}, {ref.year}" in ref.raw
    located = ref.year and (ref.volume or ref.page or not publisher_like)
    unpaged = "in-press" in ref.flags or "epub-ahead-of-print" in ref.flags
    return bool(ref.title and ref.container_title and (located or unpaged))


def _parse_labelled(text: str, ref: Reference) -> None:
    """Fill `ref` from the sequence labeller's reading of `text` (identifiers are already taken by rules).

    Flagged `labelled`, and `unparsed` too when fewer than two of authors, title, journal and year were found:
    what was found is kept either way."""
    tokens, labels = label(text)
    if not labels:
        ref.flags.append("unparsed")
        return
    fields = read_fields(text, tokens, labels)
    ref.flags.append("labelled")
    ref.authors, ref.et_al, ref.editors = fields.authors, fields.et_al, fields.editors
    ref.title, ref.container_title, ref.year = fields.title, fields.container_title, fields.year
    ref.volume, ref.issue, ref.page = fields.volume, fields.issue, fields.page
    ref.publisher, ref.publisher_place, ref.edition = fields.publisher, fields.publisher_place, fields.edition
    ref.url = ref.url or fields.url
    if sum(map(bool, (ref.authors, ref.title, ref.container_title, ref.year))) < 2:
        ref.flags.append("unparsed")
    other_words = {token.lower() for (token, _, _), name in zip(tokens, labels, strict=True) if name == "O"}
    ref.type = _labelled_type(ref, other_words, text)


def _labelled_type(ref: Reference, other_words: set[str], text: str) -> str:
    """The CSL type the labelled fields and the words outside the title ("In:", "thesis", "Report") point to."""
    outside = text.replace(ref.title, " ") if ref.title else text
    if "communication" in other_words or "comm" in other_words:
        return "personal_communication"
    if "unpublished" in other_words:
        return "manuscript"
    if THESIS_WORD.search(outside) or (ref.publisher and UNIVERSITY.search(ref.publisher)
                                       and not PRESS.search(ref.publisher) and not ref.editors):
        return "thesis"
    if ref.container_title and PROCEEDINGS.search(ref.container_title):
        return "paper-conference"
    if ref.editors or (CHAPTER_IN.search(outside) and (ref.publisher or ref.container_title)):
        return "chapter"
    if REPORT_WORD.search(outside) or (ref.authors and ref.authors[0].collective and ref.publisher
                                        and not ref.volume):
        return "report"
    if ref.container_title and PREPRINT_SERVER.match(ref.container_title) and not ref.volume:
        return "article"
    if ref.url and not (ref.volume or ref.page) and not ref.publisher:
        return "webpage"
    if ref.publisher and not ref.volume:
        return "book"
    return "article-journal"
