"""Make the labelled reference strings the reference labeller is trained and evaluated on, in one command.

    python scripts/build_reference_training_data.py [-o build/reference-data]

Inputs, all in the repository: PubMed records (`scripts/data/reference-records.json`), 30 CSL styles
(`scripts/data/csl-styles/`, CC BY-SA 3.0) and PMC JATS articles (`tests/data/jats/`). Each record is rendered
through CSL styles with citeproc-py (a training dependency, not a runtime one) after every variable of each
style has been wrapped in private-use sentinel characters, so each character of the output knows which field
it came from. Books, chapters, web pages, theses, reports and personal communications are made from the
records' fields. Then the damage real lists carry is added: U+2010 and en dashes, missing spaces, PDF
hyphenation, "et al", appended identifiers and Epub notes, e-pages and year-only article numbers.

Three journal layouts no CSL style here prints (BMC's "Authors: Title. Journal 2006, 4:577-587.", PLoS and
Springer's "Authors (2006) Title. Journal 4: 577-587.", EHP's "Authors. 2006. Title. Journal 4:577-587.") are
also rendered from the records by the templates that lay out tag-only JATS citations.

Groups are split so that evaluation never scores what training saw: whole styles (HELD_OUT_STYLES), whole JATS
articles (HELD_OUT_ARTICLES) and a fifth of the records are held out. Output: `train.jsonl`, `test.jsonl`,
one example a line: {"group", "type", "text", "spans": [[start, end, label], ...]}. Same inputs, same output.
"""
from __future__ import annotations

import argparse
import copy
import hashlib
import io
import json
import random
import re
import sys
import warnings
import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any, Iterator

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from citeproc import Citation, CitationItem, CitationStylesBibliography, CitationStylesStyle, formatter  # noqa: E402
from citeproc.source.json import CiteProcJSON  # noqa: E402

RECORDS = REPO / "scripts" / "data" / "reference-records.json"
STYLES = REPO / "scripts" / "data" / "csl-styles"
JATS = REPO / "tests" / "data" / "jats"
HELD_OUT_STYLES = (
    "apa", "biomed-central", "frontiers", "nature", "the-lancet", "american-physiological-society",
)
"""Two author-year (APA, Frontiers), four numbered; BMC's colon layout and Frontiers' "(2022) 13:812345" among them."""
HELD_OUT_ARTICLES = ("pone.0046493", "1471-2180-11-174")
"""The one article whose <mixed-citation> keeps its punctuation, and the BMC article: both never trained on."""
STYLES_PER_RECORD = 14
CSL = "{http://purl.org/net/xbiblio/csl}"

# Sentinels: a private-use start/end pair per CSL variable; the label the enclosed characters get.
VARIABLE_LABELS = {
    "author": "AU", "editor": "ED", "title": "TI", "container-title": "CT", "issued": "DATE", "volume": "VO",
    "issue": "IS", "page": "PG", "DOI": "DOI", "URL": "URL", "publisher": "PB", "publisher-place": "PL",
    "edition": "EDN", "PMID": "PMID", "PMCID": "PMCID", "citation-number": "NUM", "accessed": "O", "genre": "O",
}
NUMBER_AFFIXES = re.compile(r"^\s*(?:\(\)|\[\])?[\s.:]*")
"""What is left of "(1) ", "[1]" or "1." once the number itself is taken out."""
SENTINEL_BASE = 0xE000
FAMILY_START, FAMILY_END = "\ue0f0", "\ue0f1"
START = {variable: chr(SENTINEL_BASE + 2 * i) for i, variable in enumerate(VARIABLE_LABELS)}
END = {variable: chr(SENTINEL_BASE + 2 * i + 1) for i, variable in enumerate(VARIABLE_LABELS)}
OPENS = {START[v]: VARIABLE_LABELS[v] for v in VARIABLE_LABELS}
CLOSES = {END[v]: VARIABLE_LABELS[v] for v in VARIABLE_LABELS}

PUBLISHERS = [
    ("Elsevier", "Amsterdam"), ("Springer", "New York"), ("Wiley-Blackwell", "Hoboken, NJ"),
    ("Oxford University Press", "Oxford"), ("Lippincott Williams & Wilkins", "Philadelphia"),
    ("Cambridge University Press", "Cambridge"), ("CRC Press", "Boca Raton, FL"), ("McGraw-Hill", "New York"),
    ("Saunders", "Philadelphia"), ("Thieme", "Stuttgart"), ("Karger", "Basel"), ("Mosby", "St Louis"),
    ("Churchill Livingstone", "Edinburgh"), ("American Psychiatric Publishing", "Washington, DC"),
    ("BMJ Books", "London"), ("Academic Press", "San Diego"), ("Humana Press", "Totowa, NJ"),
]
ORGANISATIONS = [
    "World Health Organization", "Centers for Disease Control and Prevention", "National Institute for Health "
    "and Care Excellence", "European Medicines Agency", "US Food and Drug Administration", "Public Health England",
    "National Cancer Institute", "American Diabetes Association", "Cochrane Collaboration",
]
WEBSITES = [
    ("WHO", "https://www.who.int/publications/i/item/"), ("CDC", "https://www.cdc.gov/mmwr/volumes/"),
    ("NICE", "https://www.nice.org.uk/guidance/ng"), ("ClinicalTrials.gov", "https://clinicaltrials.gov/ct2/show/NCT0"),
    ("GeneReviews", "https://www.ncbi.nlm.nih.gov/books/NBK"), ("UpToDate", "https://www.uptodate.com/contents/"),
]
UNIVERSITIES = [
    ("University of Oxford", "Oxford"), ("Karolinska Institutet", "Stockholm"), ("Harvard University", "Boston"),
    ("University of Toronto", "Toronto"), ("University of Melbourne", "Melbourne"), ("Kyoto University", "Kyoto"),
]
THESIS_GENRES = ["PhD thesis", "Doctoral dissertation", "MD thesis", "MSc thesis", "Dissertation"]
EDITIONS = ["2", "3", "4", "5", "6", "8", "10"]
DASH_VARIANTS = ["-", "\u2010", "\u2013", "-"]


def stable_fraction(key: str) -> float:
    """A number in [0, 1) fixed by `key`, so splits do not depend on order or on Python's hash seed."""
    return int(hashlib.sha256(key.encode()).hexdigest()[:8], 16) / 2**32


def sentinel_style(path: Path, et_al: tuple[int, int] | None) -> CitationStylesStyle:
    """The style with every rendered variable wrapped in its sentinels (affixes stay outside the wrapping).

    `et_al` (min, use-first) replaces the style's own truncation of long author lists."""
    tree = ET.parse(path)
    for element in tree.iter():
        tag = element.tag.removeprefix(CSL)
        variable = (element.get("variable") or "").split()
        if tag not in ("text", "number", "date", "names") or not variable:
            continue
        name = next((v for v in variable if v in VARIABLE_LABELS), None)
        if name is None:
            continue
        element.set("prefix", (element.get("prefix") or "") + START[name])
        element.set("suffix", END[name] + (element.get("suffix") or ""))
    if et_al:
        for element in tree.iter():
            if element.tag.removeprefix(CSL) in ("bibliography", "name") and element.get("et-al-min"):
                element.set("et-al-min", str(et_al[0]))
                element.set("et-al-use-first", str(et_al[1]))
    return CitationStylesStyle(io.BytesIO(ET.tostring(tree.getroot(), encoding="utf-8")), validate=False)


def csl_name(author: dict[str, Any], rng: random.Random) -> dict[str, str]:
    if author.get("collective"):
        return {"literal": f"{FAMILY_START}{author['family']}{FAMILY_END}"}
    name = {"family": f"{FAMILY_START}{author['family']}{FAMILY_END}"}
    given = author.get("given") or author.get("initials")
    if given:
        name["given"] = given if rng.random() < 0.7 else (author.get("initials") or given)
        if rng.random() < 0.015:
            name["suffix"] = rng.choice(["Jr", "Jr.", "Sr", "III"])
    return name


def article_item(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A record as a CSL-JSON journal article, with the variations real lists show."""
    item: dict[str, Any] = {"type": "article-journal", "title": record["title"].rstrip(".")}
    item["author"] = [csl_name(a, rng) for a in record.get("authors", [])]
    journal = record.get("journal") or record.get("journal_full")
    full = record.get("journal_full") or journal
    item["container-title"] = journal if rng.random() < 0.75 else full
    item["container-title-short"] = journal
    date = [record["year"]] if record.get("year") else []
    if date and rng.random() < 0.3 and record.get("month"):
        month = _month_number(record["month"])
        if month:
            date.append(month)
    if date:
        item["issued"] = {"date-parts": [date]}
    for key, variable in (("volume", "volume"), ("issue", "issue"), ("pages", "page"), ("doi", "DOI")):
        if record.get(key):
            item[variable] = record[key]
    roll = rng.random()
    if roll < 0.06:
        item["page"] = f"e{rng.randint(100, 99999)}"
    elif roll < 0.08 and item.get("page", "").split("-")[0].isdigit():
        first = int(item["page"].split("-")[0])
        item["page"] = f"{first}-{first + rng.randint(5, 30)}.e{rng.randint(1, 20)}"
    elif roll < 0.11:
        item.pop("volume", None)
        item.pop("issue", None)
        item["page"] = str(rng.randint(100000, 999999))
    elif roll < 0.13 and item.get("page", "").split("-")[0].isdigit():
        letter = rng.choice("SHALER")
        item["page"] = "-".join(f"{letter}{part}" for part in item["page"].split("-"))
    if rng.random() < 0.1:
        item["PMID"] = record["pmid"]
    return item


def _month_number(month: str) -> int | None:
    names = "jan feb mar apr may jun jul aug sep oct nov dec".split()
    key = month[:3].lower()
    return names.index(key) + 1 if key in names else (int(month) if month.isdigit() else None)


def other_item(record: dict[str, Any], other: dict[str, Any], kind: str, rng: random.Random) -> dict[str, Any]:
    """A book, chapter, web page, thesis or report made from a record's fields (and another's, for a book title)."""
    authors = [csl_name(a, rng) for a in record.get("authors", [])[: rng.randint(1, 4)]]
    year = record.get("year") or 2010
    title = record["title"].rstrip(".")
    item: dict[str, Any] = {"type": kind, "title": title, "issued": {"date-parts": [[year]]}}
    publisher, place = rng.choice(PUBLISHERS)
    if kind == "book":
        item.update(author=authors, publisher=publisher)
        if rng.random() < 0.8:
            item["publisher-place"] = place
        if rng.random() < 0.4:
            item["edition"] = rng.choice(EDITIONS)
    elif kind == "chapter":
        editors = [csl_name(a, rng) for a in other.get("authors", [])[: rng.randint(1, 3)]]
        first = rng.randint(1, 900)
        item.update(author=authors, editor=editors, publisher=publisher, page=f"{first}-{first + rng.randint(3, 40)}")
        item["container-title"] = other["title"].rstrip(".")
        if rng.random() < 0.8:
            item["publisher-place"] = place
        if rng.random() < 0.3:
            item["edition"] = rng.choice(EDITIONS)
    elif kind == "webpage":
        site, url = rng.choice(WEBSITES)
        roll = rng.random()
        author = authors if roll < 0.4 else [{"literal": f"{FAMILY_START}{site}{FAMILY_END}"}] if roll < 0.7 else []
        item.update(author=author, URL=f"{url}{rng.randint(100, 99999)}")
        item["container-title"] = site
        item["accessed"] = {"date-parts": [[rng.randint(2015, 2025), rng.randint(1, 12), rng.randint(1, 28)]]}
    elif kind == "thesis":
        university, place = rng.choice(UNIVERSITIES)
        item.update(author=authors[:1], publisher=university, genre=rng.choice(THESIS_GENRES))
        item["publisher-place"] = place
    elif kind == "report":
        organisation = rng.choice(ORGANISATIONS)
        name = organisation if rng.random() < 0.7 else "".join(w[0] for w in organisation.split() if w[0].isupper())
        corporate = [{"literal": f"{FAMILY_START}{name}{FAMILY_END}"}]
        item.update(author=corporate if rng.random() < 0.6 else authors, publisher=organisation)
        if rng.random() < 0.5:
            item["number"] = str(rng.randint(1, 500))
        if rng.random() < 0.5:
            item["publisher-place"] = rng.choice(PUBLISHERS)[1]
    return item


def decode(rendered: str) -> list[tuple[str, str]]:
    """(character, label) pairs of a sentinel-marked rendering; family-name characters are labelled AF.

    Inside an author list, letters outside family names are given names (AG); the rest (commas, "et al.",
    "and") is AO. A citation number and its punctuation are dropped, as the list splitter removes them."""
    stack: list[str] = []
    in_family = False
    pairs: list[tuple[str, str]] = []
    for char in rendered:
        if char in OPENS:
            stack.append(OPENS[char])
        elif char in CLOSES:
            if stack:
                stack.pop()
        elif char == FAMILY_START:
            in_family = True
        elif char == FAMILY_END:
            in_family = False
        else:
            label = stack[-1] if stack else "O"
            if in_family:
                label = "AF" if label in ("AU", "O") else label
            pairs.append((char, label))
    if any(label == "NUM" for _, label in pairs):
        pairs = [(c, label) for c, label in pairs if label != "NUM"]
        leading = NUMBER_AFFIXES.match("".join(c for c, _ in pairs[:6])).end()
        pairs = pairs[leading:]
    pairs = [pair for index, pair in enumerate(pairs)
             if not (pair == (".", "O") and index and pairs[index - 1][0] == ".")]
    return _name_parts(pairs)


def _name_parts(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """Split an author list's non-family characters into given names (AG) and separators (AO)."""
    text = "".join(c for c, _ in pairs)
    labels = [label for _, label in pairs]
    for match in re.finditer(r"[^\W\d_]+\.?|[-\u2010]", text):
        end = match.end() - (1 if match.group().endswith(".") and labels[match.end() - 1] != "AU" else 0)
        span = range(match.start(), end)
        if not all(labels[i] == "AU" for i in span):
            continue
        word = match.group().rstrip(".").lower()
        label = "AO" if word in ("et", "al", "and", "") else "AG"
        for i in span:
            labels[i] = label
    labels = ["AO" if label == "AU" else label for label in labels]
    return [(c, label) for (c, _), label in zip(pairs, labels, strict=True)]


def render_style(
    path: Path, items: list[dict[str, Any]], et_al: tuple[int, int] | None
) -> Iterator[list[tuple[str, str]] | None]:
    """Each item rendered alone in the style (so no list-wide substitutions), as labelled characters; None for an
    item citeproc-py cannot render in this style."""
    style = sentinel_style(path, et_al)
    for item in items:
        source = CiteProcJSON([item])
        bibliography = CitationStylesBibliography(style, source, formatter.plain)
        bibliography.register(Citation([CitationItem(item["id"])]))
        try:
            rendered = str(bibliography.bibliography()[0])
        except Exception:  # citeproc-py fails on a few type/style pairs; those items are simply not rendered
            yield None
            continue
        yield decode(rendered) or None


# Damage -----------------------------------------------------------------------------------------------------


def damage(pairs: list[tuple[str, str]], record: dict[str, Any], rng: random.Random) -> list[tuple[str, str]]:
    """What copying a list out of a PDF or a web page does to it, each at its own rate."""
    pairs = list(pairs)
    if rng.random() < 0.35:
        dash = rng.choice(DASH_VARIANTS)
        pairs = [(dash if c in "-\u2013" and label in ("PG", "AF", "TI") else c, label) for c, label in pairs]
    if rng.random() < 0.2:
        spaces = [i for i in range(1, len(pairs)) if pairs[i][0] == " " and pairs[i - 1][0] in ",.;:"]
        for i in sorted(rng.sample(spaces, min(len(spaces), rng.randint(1, 2))), reverse=True):
            del pairs[i]
    if rng.random() < 0.1:
        words = [m for m in re.finditer(r"[a-z]{10,}", "".join(c for c, _ in pairs)) if pairs[m.start()][1] == "TI"]
        if words:
            word = rng.choice(words)
            cut = word.start() + rng.randint(4, len(word.group()) - 4)
            pairs[cut:cut] = [("-", "TI")] + ([(" ", "TI")] if rng.random() < 0.5 else [])
    if rng.random() < 0.05:
        pairs = [(c, label) for c, label in pairs if c != "."] if rng.random() < 0.3 else pairs[:-1]
    if rng.random() < 0.03:
        pairs = _cut_after(pairs, rng.choice(["TI", "CT"]))
    if rng.random() < 0.05:
        pairs = _colon_after_authors(pairs)
    text = "".join(c for c, _ in pairs)
    tail: list[tuple[str, str]] = []
    if rng.random() < 0.08:
        tail += _plain(rng.choice([" Epub ahead of print.", " [Epub ahead of print]", " Epub 2020 Mar 4."]))
    if record.get("doi") and "10." not in text and rng.random() < 0.25:
        prefix = rng.choice([" doi: ", " doi:", " https://doi.org/", " DOI: ", " "])
        if prefix.endswith("/"):
            tail += [(c, "O") for c in " "] + [(c, "URL") for c in prefix.strip() + record["doi"]]
        else:
            tail += _plain(prefix) + [(c, "DOI") for c in record["doi"]]
    if rng.random() < 0.15 and "PMID" not in text:
        tail += _plain(rng.choice([" PMID: ", " PMID ", " PubMed PMID: "])) + [(c, "PMID") for c in record["pmid"]]
        if record.get("pmcid") and rng.random() < 0.5:
            tail += _plain("; PMCID: ") + [(c, "PMCID") for c in record["pmcid"]]
    if rng.random() < 0.04:
        tail += _plain(rng.choice([" [PubMed]", " [Google Scholar]", " [CrossRef]"]))
    return pairs + tail


def _colon_after_authors(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """"Smith AB, Jones CD: Title" - the author list closed by a colon instead of a full stop."""
    ends = [index for index, (_, name) in enumerate(pairs) if name in ("AF", "AG")]
    if not ends:
        return pairs
    after = ends[-1] + 1
    if after + 1 < len(pairs) and pairs[after] == (".", "O") and pairs[after + 1][0] == " ":
        return pairs[:after] + [(":", "O")] + pairs[after + 1 :]
    return pairs


def _cut_after(pairs: list[tuple[str, str]], label: str) -> list[tuple[str, str]]:
    """The string as far as the end of one field (a list that gives only authors and title, say)."""
    ends = [index for index, (_, name) in enumerate(pairs) if name == label]
    return pairs[: ends[-1] + 1] if ends else pairs


def _plain(text: str) -> list[tuple[str, str]]:
    return [(c, "O") for c in text]


def personal_communication(record: dict[str, Any], rng: random.Random) -> tuple[str, list[tuple[str, str]]]:
    """"Smith AB, personal communication, 2012." and its variants, labelled, with their type (unpublished data is
    a manuscript)."""
    author = record["authors"][0] if record.get("authors") else {"family": "Smith", "initials": "J"}
    family, initials = author["family"], author.get("initials") or "J"
    name = [(c, "AF") for c in family] + _plain(" ") + [(c, "AG") for c in initials]
    if rng.random() < 0.3:
        name = [(c, "AG") for c in ". ".join(initials) + ". "] + [(c, "AF") for c in family]
    year = [(c, "DATE") for c in str(record.get("year") or 2012)]
    marker = rng.choice(["personal communication", "Personal communication", "unpublished data", "pers. comm."])
    kind = "manuscript" if marker.startswith("unpublished") else "personal_communication"
    forms = [
        name + _plain(f", {marker}, ") + year + _plain("."),
        name + _plain(f". {marker.capitalize()}. ") + year + _plain("."),
        name + _plain(f" ({marker}, ") + year + _plain(")"),
        name + _plain(f", {rng.choice(UNIVERSITIES)[0]}, ") + year + _plain(f", {marker}."),
    ]
    return kind, rng.choice(forms)


# JATS ----------------------------------------------------------------------------------------------------------

JATS_LABELS = {
    "surname": "AF", "given-names": "AG", "article-title": "TI", "source": "CT", "year": "DATE", "volume": "VO",
    "issue": "IS", "fpage": "PG", "lpage": "PG", "publisher-name": "PB", "publisher-loc": "PL", "edition": "EDN",
    "chapter-title": "TI", "uri": "URL", "ext-link": "URL", "etal": "AO", "collab": "AF",
}
PUB_ID_LABELS = {"doi": "DOI", "pmid": "PMID", "pmc": "PMCID", "pmcid": "PMCID"}
JATS_TYPES = {"journal": "article-journal", "book": "book", "web": "webpage", "thesis": "thesis", "report": "report",
              "confproc": "paper-conference", "other": "article-journal"}


def jats_examples(path: Path) -> Iterator[tuple[str, list[tuple[str, str]]]]:
    """(type, labelled characters) for each tagged reference of a JATS article.

    Where the tags keep the punctuation between them (`<mixed-citation>` as PLoS writes it), the string is as
    published. Where they do not (BMC's tag-only `<mixed-citation>`, `<citation>`, `<element-citation>`), the
    tagged values are laid out in the journal's own printed layout."""
    root = ET.parse(path).getroot()
    layout = _journal_layout(path.stem)
    for ref in root.iter("ref"):
        citation = next((e for e in ref if e.tag in ("mixed-citation", "citation", "element-citation")), None)
        if citation is None:
            continue
        kind = JATS_TYPES.get(citation.get("publication-type") or citation.get("citation-type") or "journal",
                              "article-journal")
        punctuated = any((child.tail or "").strip() for child in citation)
        pairs = _walk(citation, "O") if punctuated else layout(_values(citation))
        pairs = _collapse_spaces(pairs)
        if pairs and any(label == "TI" for _, label in pairs):
            yield kind, pairs


def _walk(element: ET.Element, label: str) -> list[tuple[str, str]]:
    own = JATS_LABELS.get(element.tag, label)
    if element.tag == "pub-id":
        own = PUB_ID_LABELS.get(element.get("pub-id-type", ""), "O")
    if element.tag in ("person-group", "name", "string-name") and label == "O":
        own = "AO"
    if element.tag in ("surname", "given-names") and label == "ED":
        own = "ED"
    if element.tag == "person-group" and element.get("person-group-type") == "editor":
        own = "ED"
    pairs = [(c, own) for c in (element.text or "")]
    children = [child for child in element if child.tag != "pub-id"]
    for index, child in enumerate(children):
        pairs += _walk(child, own)
        tail = child.tail or ""
        if not tail.strip() and index + 1 < len(children):
            # PMC's display puts a space (and a full stop after an unpunctuated title) where the XML has none
            title = "".join(child.itertext()).rstrip()
            tail = ". " if child.tag == "article-title" and title[-1:] not in ".?!" else " "
        pairs += [(c, own if own not in ("AF", "AG", "PG") else ("AO" if own in ("AF", "AG") else "PG"))
                  for c in tail]
    return pairs


def _collapse_spaces(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    out: list[tuple[str, str]] = []
    for c, label in pairs:
        c = " " if c.isspace() else c
        if c == " " and (not out or out[-1][0] == " "):
            continue
        out.append((c, label))
    while out and out[-1][0] == " ":
        out.pop()
    return out


def _values(citation: ET.Element) -> dict[str, Any]:
    def text(tag: str) -> str | None:
        element = citation.find(f".//{tag}")
        return "".join(element.itertext()).strip() if element is not None else None

    names = []
    for name in citation.iter("name"):
        names.append(("".join(name.find("surname").itertext()) if name.find("surname") is not None else "",
                      "".join(name.find("given-names").itertext()) if name.find("given-names") is not None else ""))
    ids = {e.get("pub-id-type"): (e.text or "").strip() for e in citation.iter("pub-id")}
    return {"names": names, "etal": citation.find(".//etal") is not None, "title": text("article-title"),
            "source": text("source"), "year": text("year"), "volume": text("volume"), "issue": text("issue"),
            "fpage": text("fpage"), "lpage": text("lpage"), "ids": ids}


def _names(values: dict[str, Any], separator: str = ", ") -> list[tuple[str, str]]:
    pairs: list[tuple[str, str]] = []
    for index, (family, given) in enumerate(values["names"]):
        if index:
            pairs += [(c, "AO") for c in separator]
        pairs += [(c, "AF") for c in family] + ([(" ", "AO")] + [(c, "AG") for c in given] if given else [])
    if values["etal"]:
        pairs += [(c, "AO") for c in ", et al."]
    return pairs


def _pages(values: dict[str, Any], dash: str) -> list[tuple[str, str]]:
    pages = values["fpage"] or ""
    if values["lpage"] and values["lpage"] != values["fpage"]:
        pages += dash + values["lpage"]
    return [(c, "PG") for c in pages]


def _bmc(v: dict[str, Any]) -> list[tuple[str, str]]:
    """BMC: "Avery SV, Jones D: Title. Nat Rev Microbiol 2006, 4:577-587."""
    pairs = _names(v) + _plain(": ") + [(c, "TI") for c in v["title"] or ""] + _plain(". ")
    pairs += [(c, "CT") for c in v["source"] or ""] + _plain(" ") + [(c, "DATE") for c in v["year"] or ""]
    if v["volume"]:
        pairs += _plain(", ") + [(c, "VO") for c in v["volume"]]
    if v["fpage"]:
        pairs += _plain(":") + _pages(v, "-")
    return pairs + _plain(".")


def _plos_2007(v: dict[str, Any]) -> list[tuple[str, str]]:
    """PLoS 2007: "McShea DW (1996) Title. Evolution 50: 477–492."""
    title = (v["title"] or "").rstrip(".")
    pairs = _names(v) + _plain(" (") + [(c, "DATE") for c in v["year"] or ""] + _plain(") ")
    pairs += [(c, "TI") for c in title] + _plain(". ") + [(c, "CT") for c in v["source"] or ""]
    if v["volume"]:
        pairs += _plain(" ") + [(c, "VO") for c in v["volume"]]
    if v["fpage"]:
        pairs += _plain(": ") + _pages(v, "\u2013")
    return pairs + _plain(".")


def _ehp(v: dict[str, Any]) -> list[tuple[str, str]]:
    """Environ Health Perspect: "Adolf B, Chapouton P, et al. 2006. Title. Dev Biol 295:278–293."""
    pairs = _names(v) + _plain(". ") + [(c, "DATE") for c in v["year"] or ""] + _plain(". ")
    pairs += [(c, "TI") for c in (v["title"] or "").rstrip(".")] + _plain(". ") + [(c, "CT") for c in v["source"] or ""]
    if v["volume"]:
        pairs += _plain(" ") + [(c, "VO") for c in v["volume"]]
        if v["issue"]:
            pairs += _plain("(") + [(c, "IS") for c in v["issue"]] + _plain(")")
    if v["fpage"]:
        pairs += _plain(":") + _pages(v, "\u2013")
    return pairs + _plain(".")


def record_values(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A record's fields in the form the journal layouts take, its author list cut to six and "et al" at times."""
    authors = [(a["family"], a.get("initials") or "") for a in record.get("authors", [])]
    etal = len(authors) > 6 and rng.random() < 0.7
    pages = (record.get("pages") or "").split("-", 1)
    return {"names": authors[:5] if etal else authors, "etal": etal, "title": record["title"].rstrip("."),
            "source": record.get("journal"), "year": str(record.get("year") or ""), "volume": record.get("volume"),
            "issue": record.get("issue"), "fpage": pages[0] or None, "lpage": pages[1] if len(pages) > 1 else None}


TEMPLATE_LAYOUTS = ("_bmc", "_plos_2007", "_ehp")


def _journal_layout(stem: str):
    if stem.startswith("ehp"):
        return _ehp
    if stem.startswith("pone"):
        return _plos_2007
    return _bmc


# Assembly ------------------------------------------------------------------------------------------------------


NAME_GLUE = re.compile(r"^[\s,;&]*(?:and\s)?$")
AUTHOR_LABELS = ("AF", "AG", "AO")


def example(group: str, kind: str, pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Text and run-length label spans of labelled characters.

    Separators left unlabelled between two names become author-list separators (AO), and a dash between two
    page numbers becomes part of the page, whatever source they came from."""
    text = "".join(c for c, _ in pairs)
    labels = [label for _, label in pairs]
    for gap in re.finditer(r"O+", "".join("O" if label == "O" else "x" for label in labels)):
        before = labels[gap.start() - 1] if gap.start() else None
        after = labels[gap.end()] if gap.end() < len(labels) else None
        between = text[gap.start() : gap.end()]
        if before in AUTHOR_LABELS and after in AUTHOR_LABELS and NAME_GLUE.match(between):
            labels[gap.start() : gap.end()] = ["AO"] * len(between)
        elif before == after == "PG" and between.strip() in ("-", "\u2013", "\u2010"):
            labels[gap.start() : gap.end()] = ["PG"] * len(between)
    pairs = list(zip(text, labels, strict=True))
    spans: list[list[Any]] = []
    for index, (_, label) in enumerate(pairs):
        if spans and spans[-1][2] == label and spans[-1][1] == index:
            spans[-1][1] = index + 1
        else:
            spans.append([index, index + 1, label])
    return {"group": group, "type": kind, "text": text, "spans": [s for s in spans if s[2] != "O"]}


def _without_empty_lists(item: dict[str, Any]) -> dict[str, Any]:
    """citeproc-py prints an empty name list as "None"."""
    return {key: value for key, value in item.items() if value != []}


def build(output: Path) -> dict[str, int]:
    warnings.simplefilter("ignore")
    records = json.loads(RECORDS.read_text(encoding="utf-8"))
    styles = sorted(STYLES.glob("*.csl"))
    held_records = {r["pmid"] for r in records if stable_fraction(r["pmid"]) < 0.2}
    trained_records = [r for r in records if r["pmid"] not in held_records]
    train: list[dict[str, Any]] = []
    test: list[dict[str, Any]] = []
    kinds = ["book", "chapter", "webpage", "thesis", "report"]
    for style in styles:
        name = style.stem
        held_style = name in HELD_OUT_STYLES
        plans: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for index, record in enumerate(records):
            held_record = record["pmid"] in held_records
            chosen = stable_fraction(f"{name}:{record['pmid']}") < STYLES_PER_RECORD / len(styles)
            if not (chosen or held_record and held_style) or (held_style and not held_record):
                continue
            item_rng = random.Random(f"{name}:{record['pmid']}")
            roll = item_rng.random()
            if roll < 0.2:
                kind = kinds[int(roll * 25)]
                other = trained_records[(index + 7) % len(trained_records)]
                item = other_item(record, other, kind, item_rng)
            else:
                item = article_item(record, item_rng)
            item = _without_empty_lists(item)
            item["id"] = f"{name}-{record['pmid']}"
            plans.append((item, record))
        for et_al in (None, (4, 3)):
            subset = [(item, record) for item, record in plans
                      if (et_al is None) == (stable_fraction("etal" + item["id"]) >= 0.25)]
            rendered = render_style(style, [copy.deepcopy(item) for item, _ in subset], et_al)
            for (item, record), pairs in zip(subset, rendered, strict=True):
                if pairs is None:
                    continue
                target = test if record["pmid"] in held_records else train
                group = f"style:{name}" if held_style else "trained-styles"
                if target is train:
                    pairs = damage(pairs, record, random.Random("damage" + item["id"]))
                target.append(example(group, item["type"], pairs))
    for record in records:
        layout_rng = random.Random("layout" + record["pmid"])
        if layout_rng.random() < 0.3 and record.get("authors") and record.get("journal"):
            layout = globals()[layout_rng.choice(TEMPLATE_LAYOUTS)]
            pairs = _collapse_spaces(layout(record_values(record, layout_rng)))
            if record["pmid"] in held_records:
                test.append(example("journal-layouts", "article-journal", pairs))
            else:
                train.append(example("journal-layouts", "article-journal", damage(pairs, record, layout_rng)))
        communication_rng = random.Random("pc" + record["pmid"])
        if communication_rng.random() < 0.04:
            target = test if record["pmid"] in held_records else train
            target.append(example("communications", *personal_communication(record, communication_rng)))
    for path in sorted(JATS.glob("*.nxml")):
        held = path.stem in HELD_OUT_ARTICLES
        for kind, pairs in jats_examples(path):
            (test if held else train).append(example(f"jats:{path.stem}", kind, pairs))
    output.mkdir(parents=True, exist_ok=True)
    for name, examples in (("train", train), ("test", test)):
        with open(output / f"{name}.jsonl", "w", encoding="utf-8") as handle:
            for item in examples:
                handle.write(json.dumps(item, ensure_ascii=False) + "\n")
    return {"train": len(train), "test": len(test)}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("-o", "--output", type=Path, default=REPO / "build" / "reference-data")
    args = parser.parse_args()
    counts = build(args.output)
    print(f"{args.output}: {counts['train']} training and {counts['test']} held-out examples")


if __name__ == "__main__":
    main()
