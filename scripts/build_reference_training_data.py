"""Make the labelled reference strings the reference labeller is trained and evaluated on, in one command.

    python scripts/build_reference_training_data.py [-o build/reference-data]

Inputs, all in the repository: PubMed records (`scripts/data/reference-records.json`), 52 CSL styles
(`scripts/data/csl-styles/`, CC BY-SA 3.0) and PMC JATS articles (`tests/data/jats/`). Each record is rendered
through CSL styles with citeproc-py (a training dependency, not a runtime one) after every variable of each
style has been wrapped in private-use sentinel characters, so each character of the output knows which field
it came from. Books, chapters, web pages, theses, reports and personal communications are made from the
records' fields. Then the damage real lists carry is added: U+2010 and en dashes, missing spaces, PDF
hyphenation, "et al", appended identifiers and Epub notes, e-pages and year-only article numbers.

Three journal layouts no CSL style here prints (BMC's "Authors: Title. Journal 2006, 4:577-587.", PLoS and
Springer's "Authors (2006) Title. Journal 4: 577-587.", EHP's "Authors. 2006. Title. Journal 4:577-587.") are
also rendered from the records by the templates that lay out tag-only JATS citations, and four of other fields:
punctuation-light CS lists, compact physics and chemistry strings without titles, full given names inverted
("Moreau, Julien et al. (2011)") and British humanities notes ("M. Lapidge, ‘Title’, Journal 14 (1985), pp.").
One article in eight and two in five books, chapters and proceedings papers carry made-up humanities titles (a
quarter French, German, Italian or Spanish), in journals of those fields, book series and conferences with their
publishers; two in five of all records become books, chapters, proceedings papers, preprints, web pages, theses or
reports.

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
    "apa-6th-edition", "harvard-kings-college-london", "iso690-numeric-en", "american-institute-of-physics",
    "cambridge-university-press-author-date",
)
"""Of the biomedical 30: two author-year (APA, Frontiers), four numbered; BMC's colon layout and Frontiers'
"(2022) 13:812345" among them. Of the 22 others: APA 6th, two Harvard variants (King's College London's
quoted chapter titles, Cambridge's), ISO 690 numeric (all-caps family names, full given names) and AIP (physics),
each with a trained sibling."""
HELD_OUT_ARTICLES = ("pone.0046493", "1471-2180-11-174")
"""The one article whose <mixed-citation> keeps its punctuation, and the BMC article: both never trained on."""
OTHER_FIELD_STYLES = (
    "modern-language-association", "chicago-author-date", "chicago-notes-bibliography", "chicago-author-date-fr",
    "american-sociological-association", "american-political-science-association", "apa-6th-edition",
    "harvard-anglia-ruskin-university", "harvard-kings-college-london", "sage-harvard",
    "cambridge-university-press-author-date", "association-for-computing-machinery", "acm-sig-proceedings",
    "springer-lecture-notes-in-computer-science", "american-physics-society", "american-institute-of-physics",
    "institute-of-physics-numeric", "royal-society-of-chemistry", "iso690-author-date-en", "iso690-numeric-en",
    "din-1505-2", "elsevier-with-titles",
)
"""The 22 styles of fields other than biomedicine (humanities, social science, computing, physics, chemistry)."""
STYLES_PER_RECORD = {"biomedical": 14, "other fields": 7}
"""How many styles of each set render a record (of 30 biomedical and 22 others): the biomedical share as before
the other fields were added, so that their layouts are not crowded out."""
OTHER_KINDS_SHARE = {"biomedical": 0.25, "other fields": 0.5}
"""The share of a style's items that are books, chapters, proceedings papers, preprints, web pages, theses or
reports rather than journal articles."""
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

# Made-up material for the layouts biomedical records lack: humanities and social-science titles and journals
# (English, French, German, Italian, Spanish), book series, proceedings and more publishers.
TITLE_PATTERNS = {
    "en": ["{a} and {b} in {c}", "The {a} of {b}: {d} in {c}", "{a}, {b} and the {e}", "Rethinking {a}",
           "{a} after {c}", "Beyond {a}: {b} and {d}", "Between {a} and {b}", "The politics of {a}"],
    "fr": ["{a} et {b} en {c}", "Les enjeux de {a}", "{a} : une histoire de {b}", "Penser {a} au {f} siècle"],
    "de": ["{a} und {b} im {c}", "Zur Geschichte der {a}", "{a} zwischen {b} und {d}", "Die {a} im Wandel"],
    "it": ["{a} e {b} nella {c}", "La storia della {a}", "{a} tra {b} e {d}", "Note sulla {a}"],
    "es": ["{a} y {b} en {c}", "La historia de {a}", "{a} entre {b} y {d}"],
}
TITLE_WORDS = {
    "en": (["mourning", "memory", "care", "citizenship", "welfare", "kinship", "labour", "migration", "nursing",
            "public health", "melancholia", "modernity", "the asylum", "the clinic", "empire", "reform", "risk",
            "trust", "stigma", "disability", "childhood", "ageing", "surveillance", "expertise", "charity"],
           ["late Victorian Britain", "early modern Europe", "colonial India", "postwar America", "Weimar Germany",
            "rural China", "the welfare state", "the long nineteenth century", "contemporary fiction",
            "the Enlightenment", "medieval England", "the Atlantic world"],
           ["narrative", "practice", "policy", "the body", "the state", "the market", "religion", "the family"],
           ["novel", "archive", "hospital", "city", "nation"]),
    "fr": (["la santé", "la mémoire", "l'hôpital", "la maladie", "la pauvreté", "l'enfance", "la médecine",
            "la folie", "le travail", "la famille"], ["France", "Europe", "milieu urbain", "Afrique"],
           ["la société", "l'État", "la ville"], [], []),
    "de": (["Krankenpflege", "Medizin", "Armut", "Erinnerung", "Gesundheit", "Fürsorge", "Arbeit", "Familie"],
           ["Kaiserreich", "Mittelalter", "Nationalsozialismus", "Vormärz"], ["Staat", "Gesellschaft", "Kirche"],
           [], []),
    "it": (["medicina", "memoria", "povertà", "cura", "famiglia", "salute", "malattia"],
           ["Toscana", "Italia moderna", "età liberale"], ["Stato", "Chiesa", "città"], [], []),
    "es": (["la salud", "la memoria", "la pobreza", "la medicina", "la familia"], ["España", "México", "América"],
           ["el Estado", "la ciudad"], [], []),
}
CENTURIES = ["XVIe", "XVIIIe", "XIXe", "XXe"]
HUMANITIES_JOURNALS = [
    ("Victorian Studies", "Vic. Stud."), ("Journal of the History of Ideas", "J. Hist. Ideas"),
    ("Past & Present", "Past Present"), ("Social History of Medicine", "Soc. Hist. Med."),
    ("Medical History", "Med. Hist."), ("American Sociological Review", "Am. Sociol. Rev."),
    ("Sociology of Health & Illness", "Sociol. Health Illn."), ("Journal of Advanced Nursing", "J. Adv. Nurs."),
    ("Nursing Inquiry", "Nurs. Inq."), ("Social Science & Medicine", "Soc. Sci. Med."),
    ("Renaissance Quarterly", "Renaiss. Q."), ("PMLA", "PMLA"), ("Critical Inquiry", "Crit. Inq."),
    ("American Political Science Review", "Am. Polit. Sci. Rev."), ("Health Affairs", "Health Aff."),
    ("Journal of Health Economics", "J. Health Econ."), ("Revue historique", "Rev. Hist."),
    ("Annales. Histoire, Sciences Sociales", "Annales HSS"), ("Historische Zeitschrift", "Hist. Z."),
    ("Studi storici", "Stud. Stor."), ("Revista de Historia", "Rev. Hist."), ("Gesnerus", "Gesnerus"),
    ("Journal of the American Psychoanalytic Association", "J. Am. Psychoanal. Assoc."),
    ("Pattern Recognition Letters", "Pattern Recognit. Lett."), ("Image and Vision Computing", "Image Vis. Comput."),
    ("Revue des études grecques", "REG"), ("Rivista storica italiana", "Riv. Stor. Ital."),
    ("Zeitschrift für Geschichtswissenschaft", "ZfG"), ("Revue d'histoire moderne et contemporaine", "RHMC"),
    ("Quaderni storici", "Quad. Stor."), ("Archiv für Sozialgeschichte", "AfS"), ("Historia Mexicana", "Hist. Mex."),
    ("Cahiers d'histoire", "Cah. Hist."), ("Anglo-Saxon England", "ASE"), ("English Historical Review", "EHR"),
    ("Physical Review Letters", "Phys. Rev. Lett."), ("Nuclear Physics B", "Nucl. Phys. B"),
    ("Journal of Chemical Physics", "J. Chem. Phys."), ("Journal of the American Chemical Society", "J. Am. Chem. Soc."),
]
MORE_PUBLISHERS = [
    ("Routledge", "London"), ("Palgrave Macmillan", "Basingstoke"), ("Sage", "Thousand Oaks, CA"),
    ("University of Chicago Press", "Chicago"), ("Princeton University Press", "Princeton, NJ"),
    ("Manchester University Press", "Manchester"), ("Polity Press", "Cambridge"), ("Gallimard", "Paris"),
    ("Presses Universitaires de France", "Paris"), ("La Découverte", "Paris"), ("Suhrkamp", "Frankfurt am Main"),
    ("Kohlhammer", "Stuttgart"), ("Einaudi", "Torino"), ("Il Mulino", "Bologna"), ("Siglo XXI", "Madrid"),
    ("Wolters Kluwer", "Philadelphia"), ("Jones & Bartlett", "Burlington, MA"), ("Open University Press", "Maidenhead"),
]
CONFERENCES = [
    ("Proceedings of the {n} International Conference on {t}", None),
    ("Proceedings of the {n} Annual Meeting of the {s}", None),
    ("{a} '{y}: Proceedings of the {n} ACM Conference on {t}", "ACM"),
    ("Advances in Neural Information Processing Systems", None),
    ("Proceedings of the IEEE Conference on {t}", "IEEE"), ("Proc. {n} Int. Conf. on {t}", None),
    ("{t} ({a} {year})", None), ("Lecture Notes in Computer Science", "Springer"),
]
CONFERENCE_TOPICS = ["Machine Learning", "Computer Vision and Pattern Recognition", "Medical Image Computing",
                     "Health Informatics", "Knowledge Discovery and Data Mining", "Human Factors in Computing Systems",
                     "Neural Information Processing", "Bioinformatics", "Artificial Intelligence in Medicine"]
CONFERENCE_ACRONYMS = ["KDD", "CHI", "ICML", "MICCAI", "AIME", "BIBM", "ICHI", "CVPR", "AMIA"]
SOCIETIES = ["American Sociological Association", "Association for Computational Linguistics", "Cognitive Science Society"]
CONFERENCE_PUBLISHERS = [("ACM", "New York"), ("IEEE", "Piscataway, NJ"), ("Springer", "Cham"), ("AAAI Press", "Palo Alto"),
                         ("PMLR", None), ("IEEE Computer Society", "Los Alamitos, CA")]
PREPRINT_SERVERS = ["bioRxiv", "medRxiv", "arXiv", "SSRN", "PsyArXiv"]
BOOK_PATTERNS = ["Handbook of {x}", "{x}: A Clinical Guide", "The Oxford Handbook of {x}", "Textbook of {x}",
                 "{x}: Theory and Practice", "Essentials of {x}", "Perspectives on {x}", "Manuel de {x}"]
BOOK_TOPICS = ["Palliative Care", "Medical Sociology", "Nursing Research", "Health Economics", "Qualitative Research",
               "Public Health", "Pain Medicine", "Psychiatry", "Grief", "Family Medicine", "Medical Ethics"]
ORDINALS = ["1st", "2nd", "3rd", "5th", "7th", "10th", "12th", "21st", "28th", "34th"]


def made_up_title(rng: random.Random) -> str:
    """A humanities or social-science title, in English three times out of four, else French, German, Italian
    or Spanish."""
    language = "en" if rng.random() < 0.75 else rng.choice(["fr", "de", "it", "es"])
    first, second, third, fourth = (words or ["la historia"] for words in TITLE_WORDS[language][:4])
    pattern = rng.choice(TITLE_PATTERNS[language])
    title = pattern.format(a=rng.choice(first), b=rng.choice(first), c=rng.choice(second), d=rng.choice(third),
                           e=rng.choice(fourth), f=rng.choice(CENTURIES))
    return title[0].upper() + title[1:]


def made_up_container(kind: str, rng: random.Random, year: int) -> tuple[str, tuple[str, str | None]]:
    """A book title for a chapter or a proceedings title for a conference paper, and its publisher and place."""
    if kind == "paper-conference":
        pattern, publisher = rng.choice(CONFERENCES)
        title = pattern.format(n=rng.choice(ORDINALS), t=rng.choice(CONFERENCE_TOPICS), s=rng.choice(SOCIETIES),
                               a=rng.choice(CONFERENCE_ACRONYMS), y=str(year)[2:], year=year)
        chosen = rng.choice(CONFERENCE_PUBLISHERS)
        return title, (publisher, None) if publisher else chosen
    return rng.choice(BOOK_PATTERNS).format(x=rng.choice(BOOK_TOPICS)), rng.choice(PUBLISHERS + MORE_PUBLISHERS)


def dotted(journal: str) -> str:
    """An NLM abbreviation with the full stops other fields write ("J Biol Chem" -> "J. Biol. Chem."; a closing
    section letter stays bare: "Nucl. Phys. B")."""
    words = journal.split()
    return " ".join(word + "." if len(word) <= 5 and word[:1].isupper() and word.isalpha() and len(words) > 1
                    and not (len(word) == 1 and index == len(words) - 1) else word
                    for index, word in enumerate(words))


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
    _full_names_where_asked(tree.getroot())
    if et_al:
        for element in tree.iter():
            if element.tag.removeprefix(CSL) in ("bibliography", "name") and element.get("et-al-min"):
                element.set("et-al-min", str(et_al[0]))
                element.set("et-al-use-first", str(et_al[1]))
    return CitationStylesStyle(io.BytesIO(ET.tostring(tree.getroot(), encoding="utf-8")), validate=False)


def _full_names_where_asked(root: ET.Element) -> None:
    """Names marked initialize="false" keep their given names (MLA, Chicago, ASA): citeproc-py ignores that
    attribute and applies the style-wide initialize-with, so that option is moved onto the names that use it."""
    names = [element for element in root.iter() if element.tag == f"{CSL}name"]
    full = [element for element in names if element.get("initialize") == "false"]
    if not full:
        return
    for element in full:
        element.attrib.pop("initialize-with", None)
    inherited = root.attrib.pop("initialize-with", None)
    if inherited is None:
        return
    for element in names:
        if element.get("initialize") != "false" and element.get("initialize-with") is None:
            element.set("initialize-with", inherited)


PARTICLES = ["van", "de", "van der", "von", "da", "di", "De", "Van", "dos"]
SECOND_FAMILIES = ["Smith", "Santos", "Rouxel", "Neto", "Jones", "Pando", "Garcia", "Meyer", "Lopez"]
"""A particle or a second family name, now and then: full given names must not teach that "van" or the part after a
hyphen is a given name."""


def csl_name(author: dict[str, Any], rng: random.Random) -> dict[str, str]:
    if author.get("collective"):
        return {"literal": f"{FAMILY_START}{author['family']}{FAMILY_END}"}
    family = author["family"]
    roll = rng.random()
    if roll < 0.03 and " " not in family:
        family = f"{rng.choice(PARTICLES)} {family}"
    elif roll < 0.06 and "-" not in family:
        family = f"{family}-{rng.choice(SECOND_FAMILIES)}"
    name = {"family": f"{FAMILY_START}{family}{FAMILY_END}"}
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
    roll = rng.random()
    item["container-title"] = journal if roll < 0.5 or not journal else dotted(journal) if roll < 0.78 else full
    item["container-title-short"] = journal
    if rng.random() < 0.12:
        # a humanities or social-science article: a made-up title in a journal of those fields
        item["title"] = made_up_title(rng)
        full, short = rng.choice(HUMANITIES_JOURNALS)
        item["container-title"] = full if rng.random() < 0.7 else short
        item["container-title-short"] = short
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
    title = record["title"].rstrip(".") if rng.random() < 0.6 else made_up_title(rng)
    item: dict[str, Any] = {"type": kind, "title": title, "issued": {"date-parts": [[year]]}}
    publisher, place = rng.choice(PUBLISHERS + MORE_PUBLISHERS)
    editors = [csl_name(a, rng) for a in other.get("authors", [])[: rng.randint(1, 3)]]
    first = rng.randint(1, 900)
    pages = f"{first}-{first + rng.randint(3, 40)}"
    if kind == "book":
        item.update(author=authors, publisher=publisher)
        if rng.random() < 0.8:
            item["publisher-place"] = place
        if rng.random() < 0.4:
            item["edition"] = rng.choice(EDITIONS)
        if not authors or rng.random() < 0.1:
            item.update(author=[], editor=editors)
    elif kind == "chapter":
        container, (publisher, place) = made_up_container(kind, rng, year)
        item.update(author=authors, editor=editors, publisher=publisher, page=pages)
        item["container-title"] = container if rng.random() < 0.6 else other["title"].rstrip(".")
        if rng.random() < 0.8:
            item["publisher-place"] = place
        if rng.random() < 0.3:
            item["edition"] = rng.choice(EDITIONS)
    elif kind == "paper-conference":
        container, (publisher, place) = made_up_container(kind, rng, year)
        item.update(author=authors, **{"container-title": container})
        if rng.random() < 0.4:
            item["editor"] = editors
        if publisher and rng.random() < 0.7:
            item["publisher"] = publisher
        if place and rng.random() < 0.5:
            item["publisher-place"] = place
        if rng.random() < 0.8:
            item["page"] = pages
    elif kind == "article":
        server = rng.choice(PREPRINT_SERVERS)
        item.update(author=authors, **{"container-title": server})
        if rng.random() < 0.6:
            item["DOI"] = f"10.1101/{year}.{rng.randint(1, 12):02d}.{rng.randint(1, 28):02d}.{rng.randint(100000, 999999)}"
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
        pairs = decode(rendered)
        if pairs and stable_fraction("quote" + item["id"]) < 0.8:
            pairs = _stop_inside_quotes(pairs)
        yield pairs or None


def _stop_inside_quotes(pairs: list[tuple[str, str]]) -> list[tuple[str, str]]:
    """`“Title”.` and `“Title”,` as printed in American usage, `“Title.”` and `“Title,”` (citeproc-py leaves the
    punctuation outside)."""
    out = list(pairs)
    for index in range(len(out) - 1):
        if out[index][0] in "\u201d\"" and out[index][1] == "O" and out[index + 1] in ((".", "O"), (",", "O")):
            out[index], out[index + 1] = out[index + 1], out[index]
    return out


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
    if rng.random() < 0.06:
        # all-caps family names (Harvard lists in some journals, ISO 690)
        pairs = [(c.upper() if label == "AF" else c, label) for c, label in pairs]
    if rng.random() < 0.04:
        # punctuation-light: the separators between fields dropped, as lists copied from some PDFs have them
        pairs = _collapse_spaces([(" " if c in ".,;:()" and label == "O" else c, label) for c, label in pairs])
    if rng.random() < 0.06:
        pairs = _spacing_damage(pairs, rng)
    if rng.random() < 0.3:
        pairs = _other_role_word(pairs, rng)
    if rng.random() < 0.05:
        # "Nucl.Phys." - an abbreviated journal printed without its spaces
        pairs = [pair for index, pair in enumerate(pairs)
                 if not (pair[0] == " " and pair[1] == "CT" and index and pairs[index - 1][0] == ".")]
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


ROLE_WORD = re.compile(r"\((?:[Ee]ds?\.?|[Ee]ditors?)\)")
OTHER_ROLE_WORDS = ["(dir.)", "(Hrsg.)", "(a cura di)", "(coord.)", "(eds)", "(ed)"]


def _other_role_word(pairs: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    """An editor's "(ed.)" as other languages and houses write it: "(dir.)", "(Hrsg.)", "(a cura di)"."""
    match = ROLE_WORD.search("".join(c for c, _ in pairs))
    if not match:
        return pairs
    label = pairs[match.start()][1]
    return pairs[: match.start()] + [(c, label) for c in rng.choice(OTHER_ROLE_WORDS)] + pairs[match.end() :]


def _spacing_damage(pairs: list[tuple[str, str]], rng: random.Random) -> list[tuple[str, str]]:
    """PDF spacing: two title words run together ("mediatedspinal") or one word broken by a space ("commu nity")."""
    text = "".join(c for c, _ in pairs)
    if rng.random() < 0.6:
        gaps = [m.start() for m in re.finditer(r"(?<=[a-z]) (?=[a-z])", text) if pairs[m.start()][1] == "TI"]
        return pairs[: (cut := rng.choice(gaps))] + pairs[cut + 1 :] if gaps else pairs
    words = [m for m in re.finditer(r"[a-z]{8,}", text) if pairs[m.start()][1] == "TI"]
    if not words:
        return pairs
    word = rng.choice(words)
    cut = word.start() + rng.randint(3, len(word.group()) - 3)
    return pairs[:cut] + [(" ", "TI")] + pairs[cut:]


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


def _punctuation_light(v: dict[str, Any]) -> list[tuple[str, str]]:
    """Lists copied from CS and engineering PDFs: "Takatsuka, M., Jarvis, R.A. Title 2001 Journal 19 99--118"."""
    pairs: list[tuple[str, str]] = []
    for index, (family, initials) in enumerate(v["names"]):
        pairs += _plain(", ") if index else []
        pairs += [(c, "AF") for c in family] + [(c, "AO") for c in ", "] + [(c, "AG") for c in ".".join(initials) + "."]
    pairs += _plain(" ") + [(c, "TI") for c in v["title"]] + _plain(" ") + [(c, "DATE") for c in v["year"]]
    pairs += _plain(" ") + [(c, "CT") for c in v["source"] or ""]
    if v["volume"]:
        pairs += _plain(" ") + [(c, "VO") for c in v["volume"]]
    return pairs + (_plain(" ") + _pages(v, "--") if v["fpage"] else [])


def _physics(v: dict[str, Any]) -> list[tuple[str, str]]:
    """Physics and chemistry lists without titles: "V. Balkanov et al. Nucl. Phys. B91 (2001) 438" and
    "A. Sharma and K. Ito, Phys. Rev. Lett. 98, 123401 (2007)."."""
    names = v["names"][:1] if v["variant"] % 2 else v["names"][:3]
    pairs: list[tuple[str, str]] = []
    for index, (family, initials) in enumerate(names):
        if index:
            last = index == len(names) - 1 and len(names) == len(v["names"]) and not v["etal"]
            pairs += [(c, "AO") for c in (" and " if last else ", ")]
        pairs += [(c, "AG") for c in ". ".join(initials) + "."] + [(" ", "AO")] + [(c, "AF") for c in family]
    journal = dotted(v["source"] or "")
    if v["variant"] % 3 == 0:
        journal = journal.replace(". ", ".")
    pairs += _plain(" et al. " if v["etal"] or len(v["names"]) > len(names) else ", ") + [(c, "CT") for c in journal]
    volume = [(c, "VO") for c in ("ABCD"[v["variant"] % 4] if v["variant"] % 5 == 0 else "") + (v["volume"] or "")]
    page = [(c, "PG") for c in v["fpage"] or ""]
    year = [(c, "DATE") for c in v["year"]]
    if v["variant"] % 4 < 2:
        return pairs + _plain(" ") + volume + _plain(" (") + year + _plain(") ") + page
    return pairs + _plain(" ") + volume + _plain(", ") + page + _plain(" (") + year + _plain(").")


def _full_names(v: dict[str, Any]) -> list[tuple[str, str]]:
    """Full given names, inverted, as reviews outside medicine write them: "Moreau, Julien et al. (2011). Title.
    Journal, 40(3), 341-346." or "Moreau, Julien, and Anne Petit (2011) ..."."""
    people = v["people"][:1] if v["etal"] or v["variant"] % 2 else v["people"][:2]
    pairs = [(c, "AF") for c in people[0][0]] + [(c, "AO") for c in ", "] + [(c, "AG") for c in people[0][1]]
    if len(people) > 1:
        pairs += [(c, "AO") for c in ", and "] + [(c, "AG") for c in people[1][1]] + [(" ", "AO")]
        pairs += [(c, "AF") for c in people[1][0]]
    elif len(v["people"]) > 1:
        pairs += [(c, "AO") for c in " et al."]
    pairs += _plain(" (") + [(c, "DATE") for c in v["year"]] + _plain("). ") + [(c, "TI") for c in v["title"]]
    pairs += _plain(". ") + [(c, "CT") for c in v["source"] or ""]
    if v["volume"]:
        pairs += _plain(", ") + [(c, "VO") for c in v["volume"]]
        if v["issue"]:
            pairs += _plain("(") + [(c, "IS") for c in v["issue"]] + _plain(")")
    return pairs + (_plain(", ") + _pages(v, "-") if v["fpage"] else []) + _plain(".")


def _humanities(v: dict[str, Any]) -> list[tuple[str, str]]:
    """British humanities notes (MHRA-like): "M. Lapidge, ‘Title’, Journal 14 (1985), pp. 91–124." or
    "Lapidge, Michael, ‘Title’, Journal, 14 (1985), 91–124"; two in three with a made-up title and a journal of
    the humanities."""
    family, given = v["people"][0]
    if v["variant"] % 2:
        pairs = [(c, "AG") for c in ". ".join(w[0] for w in given.split()) + "."] + [(" ", "AO")]
        pairs += [(c, "AF") for c in family]
    else:
        pairs = [(c, "AF") for c in family] + [(c, "AO") for c in ", "] + [(c, "AG") for c in given]
    title, journal = (v["field_title"], v["field_journal"]) if v["variant"] % 3 else (v["title"], v["source"] or "")
    pairs += _plain(", \u2018") + [(c, "TI") for c in title.rstrip(".")] + _plain("\u2019, ")
    pairs += [(c, "CT") for c in journal]
    pairs += _plain(", " if v["variant"] % 3 == 0 else " ") + [(c, "VO") for c in v["volume"] or ""]
    pairs += _plain(" (") + [(c, "DATE") for c in v["year"]] + _plain("), ")
    pairs += _plain("pp. " if v["variant"] % 4 < 2 else "") + _pages(v, "\u2013")
    return pairs + _plain("." if v["variant"] % 5 else "")


def record_values(record: dict[str, Any], rng: random.Random) -> dict[str, Any]:
    """A record's fields in the form the journal layouts take, its author list cut to six and "et al" at times."""
    authors = [(a["family"], a.get("initials") or "") for a in record.get("authors", [])]
    people = [(a["family"], a.get("given") or a.get("initials") or "") for a in record.get("authors", [])
              if not a.get("collective")]
    etal = len(authors) > 6 and rng.random() < 0.7
    pages = (record.get("pages") or "").split("-", 1)
    return {"names": authors[:5] if etal else authors, "etal": etal, "title": record["title"].rstrip("."),
            "source": record.get("journal"), "year": str(record.get("year") or ""), "volume": record.get("volume"),
            "issue": record.get("issue"), "fpage": pages[0] or None, "lpage": pages[1] if len(pages) > 1 else None,
            "people": people or [(authors[0][0], "")], "variant": rng.randint(0, 11),
            "field_title": made_up_title(rng), "field_journal": rng.choice(HUMANITIES_JOURNALS)[0]}


TEMPLATE_LAYOUTS = {"_bmc": 0.2, "_plos_2007": 0.2, "_ehp": 0.15, "_punctuation_light": 0.15, "_physics": 0.3,
                    "_full_names": 0.3, "_humanities": 0.3}
"""Each layout and the share of records laid out in it: BMC's and PLoS's at 0.2 (tag-only JATS citations show
them too, and their one-word journals before the year are easily read as the end of the title), the layouts of
other fields often, as no CSL style here prints them."""


JOURNAL_LAYOUTS = ("_bmc", "_plos_2007", "_ehp")


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


def build(output: Path, records_limit: int | None = None) -> dict[str, int]:
    """Write train.jsonl and test.jsonl into `output`; `records_limit` makes a stable sample from the first
    records only (what the checksum test regenerates, in seconds)."""
    warnings.simplefilter("ignore")
    records = json.loads(RECORDS.read_text(encoding="utf-8"))[:records_limit]
    styles = sorted(STYLES.glob("*.csl"))
    held_records = {r["pmid"] for r in records if stable_fraction(r["pmid"]) < 0.2}
    trained_records = [r for r in records if r["pmid"] not in held_records]
    train: list[dict[str, Any]] = []
    test: list[dict[str, Any]] = []
    kinds = ["book", "book", "chapter", "chapter", "paper-conference", "paper-conference", "webpage", "thesis",
             "report", "article"]
    sizes = {"other fields": sum(s.stem in OTHER_FIELD_STYLES for s in styles)}
    sizes["biomedical"] = len(styles) - sizes["other fields"]
    for style in styles:
        name = style.stem
        field = "other fields" if name in OTHER_FIELD_STYLES else "biomedical"
        held_style = name in HELD_OUT_STYLES
        plans: list[tuple[dict[str, Any], dict[str, Any]]] = []
        for index, record in enumerate(records):
            held_record = record["pmid"] in held_records
            chosen = stable_fraction(f"{name}:{record['pmid']}") < STYLES_PER_RECORD[field] / sizes[field]
            if not (chosen or held_record and held_style) or (held_style and not held_record):
                continue
            item_rng = random.Random(f"{name}:{record['pmid']}")
            roll = item_rng.random()
            if roll < OTHER_KINDS_SHARE[field]:
                kind = kinds[int(roll / OTHER_KINDS_SHARE[field] * len(kinds))]
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
        for name, rate in TEMPLATE_LAYOUTS.items():
            if not (layout_rng.random() < rate and record.get("authors") and record.get("journal")):
                continue
            pairs = _collapse_spaces(globals()[name](record_values(record, layout_rng)))
            group = "journal-layouts" if name in JOURNAL_LAYOUTS else f"layout:{name.strip('_')}"
            if record["pmid"] in held_records:
                test.append(example(group, "article-journal", pairs))
            else:
                train.append(example(group, "article-journal", damage(pairs, record, layout_rng)))
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
