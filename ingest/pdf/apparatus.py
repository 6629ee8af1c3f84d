"""The publisher's apparatus around an article's text: what a PDF prints that is not a statement of the article.

Pure predicates over the text of a line or a block of lines. Publishers print, around the title, abstract and
body: a banner and article-type label above the title, volume / article-number / DOI lines, affiliations,
correspondence addresses, received / accepted / published dates, the handling editor, copyright and licence
notices, keywords, abbreviation lists, "cite this article as" lines; and after the body, sections of
declarations (acknowledgements, funding, competing interests, authors' contributions, author details, data
availability, ...). None of it is a claim of the article; `ingest.pdf.structure` keeps it out of the
paragraphs. The abstract and the body sections are never matched here.
"""
from __future__ import annotations

import re

from citetrace.citations.months import DATE_WORDS

_NOTICE = re.compile(
    r"^\s*[*\u2020\u2021]?\s*(?:"
    r"correspondence\b|corresponding\s+authors?\b|e-?mail\s*(?:addresses?)?\s*:|address\s+(?:for\s+)?(?:correspondence|reprints?)"
    r"|full\s+list\s+of\s+author\s+information"
    r"|(?:academic|handling|section|guest|associate)?\s*editors?\s*:"
    r"|copyright\b|\u00a9|\(c\)\s*(?:19|20)\d\d"
    r"|this\s+(?:is\s+an\s+open[\s-]access\s+)?article\s+is\s+(?:distributed|licensed)|this\s+is\s+an\s+open[\s-]access\s+article"
    r"|open\s+access\s+this\s+article|licensee\b"
    r"|key\s*words?\s*[:.\u2014-]|index\s+terms\s*[:.\u2014-]|mesh\s+terms\s*[:.\u2014-]"
    r"|abbreviations?\s*[:.\u2014]"
    r"|cite\s+this\s+article|to\s+cite\s+this\s+article|how\s+to\s+cite|citation\s*:"
    r"|vol(?:ume)?\.?\s*\d+\s*[,:(]|article\s+(?:id|number)\b|issn\b|e-?issn\b|doi\s*:?\s*10\.|https?://(?:dx\.)?doi\.org/"
    r"|published\s+by\b|open\s+access\s*$"
    r")",
    re.IGNORECASE,
)
"""The opening of a notice: a line starting so (a footnote, a banner, a block of them) is apparatus."""
_DATED = re.compile(
    r"^\s*(?:received|accepted|revised|published(?:\s+online)?|submitted|available\s+online|first\s+published)\b"
    r"\s*(?:on\s+)?:?\s*(?P<date>[\w\s,./-]{0,40}?\b(?:19|20)\d\d)\b",
    re.IGNORECASE,
)
_PAGINATION = re.compile(r"\bpage\s+\d+\s+of\s+\d+\b", re.IGNORECASE)
"""A running header's "Page 5 of 10" that the layout did not recognise as repeated."""
_PUBLISHER = re.compile(r"^\s*(?:[A-Z][\w&.-]*\s+){1,4}(?:Publishing|Publishers|Press)(?:\s+(?:Corporation|Group|Ltd\.?|Inc\.?|Limited|LLC))?\s*$")
_BACK_MATTER = re.compile(
    r"^\s*(?:\d+\.?\s*)?(?:acknowledge?ments?|authors?['\u2019]?\s+contributions?|contributors|competing\s+interests?"
    r"|conflicts?\s+of\s+interests?|declarations?\s+of\s+(?:competing\s+)?interests?|disclosures?|funding(?:\s+(?:sources?|information|statement))?"
    r"|financial\s+(?:support|disclosures?)|sources?\s+of\s+funding|author\s+details|author\s+information|abbreviations"
    r"|additional\s+files?|supplementary\s+(?:material|information|data)|availability\s+of\s+data(?:\s+and\s+materials?)?"
    r"|data\s+(?:availability|sharing)(?:\s+statement)?|ethics\s+approval(?:\s+and\s+consent\s+to\s+participate)?"
    r"|ethical\s+approval|consent\s+for\s+publication|declarations|publisher['\u2019]?s\s+note|endnotes"
    r"|submit\s+your(?:\s+next)?\s+manuscript)"
    r"(?P<rest>.*)$",
    re.IGNORECASE,
)
_ABSTRACT = re.compile(
    r"^\s*(?:abstract|summary)\b|^\s*(?:background|objectives?|aims?|purpose|context|importance|rationale)\s*[:.]",
    re.IGNORECASE,
)
_INLINE_HEADED = re.compile(r"^\s*(?:author\s+details|submit\s+your)", re.IGNORECASE)
_BODY_HEADING = re.compile(
    r"^\s*(?:\d+\.?\s*)?(?:introduction|background|(?:materials?|patients?|subjects?)\s+and\s+methods|methods?|methodology"
    r"|results(?:\s+and\s+discussion)?|discussion|conclusions?|limitations|summary)\s*$",
    re.IGNORECASE,
)
INSTITUTION = re.compile(
    r"\b(?:Department|Dept|University|Universit[\u00e0\u00e4\u00e9]|Hospital|Institut[e]?|School|College|Cent(?:er|re)|"
    r"Faculty|Laboratory|Division|Clinic|Foundation|Ministry|Directorate|Unit)\b"
)
"""A word that names an institution: an affiliation or address, not a person's name."""
_ARTICLE_TYPE_WORDS = (
    "research", "original", "review", "reviews", "article", "articles", "paper", "case", "cases", "report", "reports",
    "brief", "short", "rapid", "communication", "communications", "systematic", "scoping", "narrative", "mini",
    "minireview", "invited", "clinical", "study", "studies", "trial", "protocol", "meta-analysis", "and", "letter",
    "letters", "editorial", "commentary", "perspective", "perspectives", "opinion", "viewpoint", "technical", "note",
    "notes", "methodology", "update", "special", "feature", "investigation", "investigations", "series",
)
_ARTICLE_TYPE = re.compile(r"(?:" + "|".join(sorted(_ARTICLE_TYPE_WORDS, key=len, reverse=True)) + r")", re.IGNORECASE)
_OPEN_ACCESS = re.compile(r"\bopen\s+access\b", re.IGNORECASE)


def is_notice(text: str) -> bool:
    """Whether a block opening with this line is a notice: correspondence, dates, editor, copyright, licence,
    keywords, abbreviations, volume and article-number lines, a publisher's banner."""
    dated = _DATED.match(text)
    if dated and any(word in DATE_WORDS for word in re.findall(r"[a-z]+", dated.group("date").lower())):
        return True
    return bool(_NOTICE.match(text) or _PUBLISHER.match(text) or len(text) < 200 and _PAGINATION.search(text))


def is_affiliation(text: str) -> bool:
    """Whether a front-page block is an address: it names an institution and reads as a list of names
    (most longer words capitalised), not as a sentence."""
    if not INSTITUTION.search(text):
        return False
    words = re.findall(r"[^\W\d_]{4,}", text)
    return bool(words) and sum(word[0].isupper() for word in words) >= 0.6 * len(words)


def opens_back_matter(text: str) -> bool:
    """Whether this line is the heading of a declarations section (acknowledgements, funding, competing
    interests, contributions, author details, ...): the whole line, or the heading run into its text after a
    colon or full stop ("Funding: none."), or an inline heading such as BMC's "Author details 1Division ..."."""
    match = _BACK_MATTER.match(text)
    if not match:
        return False
    rest = match.group("rest").strip()
    return not rest or rest[:1] in ":.\u2014" or bool(_INLINE_HEADED.match(text))


def opens_abstract(text: str) -> bool:
    """Whether this line opens the abstract: its heading, or a structured abstract's first label ("Objectives.")."""
    return bool(_ABSTRACT.match(text))


def is_body_heading(text: str) -> bool:
    """A heading of the article's own text (Introduction, Methods, Results, Discussion, ...): it ends a
    declarations section printed before it."""
    return bool(_BODY_HEADING.match(text))


def article_type(text: str) -> str | None:
    """The article-type label a line consists of ("Research Article", "Case Report", "R E S E A R C H  A R T I C L E
    Open Access"), title-cased; None when the line says anything else."""
    label = _OPEN_ACCESS.sub(" ", text)
    squeezed = re.sub(r"\s+", "", label)
    if not squeezed or len(squeezed) > 60:
        return None
    words: list[str] = []
    position = 0
    while position < len(squeezed):
        match = _ARTICLE_TYPE.match(squeezed, position)
        if not match:
            return None
        words.append(match.group())
        position = match.end()
    if words[0].lower() == "and" or words[-1].lower() == "and":
        return None
    return " ".join(word.lower() if word.lower() == "and" else word.capitalize() for word in words)
