"""Whether the cited source says it: the evidence of each (claim, citation) pair, computed where pairs change.

The cited text of a pair is its work's PubMed abstract (`works.abstract`, a structured abstract's sections
kept as "LABEL: text" lines) and, where the work is itself a document of the library (same PMID, DOI or PMCID,
else the same normalised title and year), that document's full text: its body paragraphs
(`document_paragraphs`), one a line, which come first. `citations.evidence` ranks the sentences and gives the
verdict; the kept sentences go to `evidence` and the verdict to `claim_citations.evidence` and
`evidence_score`.

Only pairs that are new or whose cited text changed are assessed: `assess_documents` after documents are
written (their new pairs, and the older pairs whose cited work one of them is: its full text now beats the
abstract), `assess_works` after works' records changed or documents holding them went away. Each runs inside
the writer's transaction.
"""
from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass

import sqlite_utils

from citetrace.citations.evidence import CitedText, assess_citation, document_abbreviations
from citetrace.citations.evidence_features import forget_prepared_texts
from citetrace.citations.normalize import words
from citetrace.db.rows import evidence_rows
from citetrace.db.store import insert_rows

ABSTRACT = "abstract"
FULL_TEXT = "full_text"
NO_TEXT = "no_text"
TITLE_WORDS = 12
MIN_TITLE_WORDS = 4
"""A title shorter than this ("Introduction") says too little to take a document for a cited work."""
_YEAR = re.compile(r"\b(1[89]\d\d|20\d\d)\b")


@dataclass(frozen=True)
class FullText:
    """A document's body as one cited text: paragraphs one a line, where each begins, its section titles."""

    document_id: int
    text: str
    starts: list[int]
    sections: list[str | None]


def _json(values: Iterable) -> str:
    return json.dumps(sorted(set(values)))


def _title_key(title: str | None, year: int | None) -> str | None:
    title_words = words(title)[:TITLE_WORDS]
    if len(title_words) < MIN_TITLE_WORDS:
        return None
    return f"title:{' '.join(title_words)}|{year or ''}"


def _document_year(published: str | None) -> int | None:
    found = _YEAR.search(published or "")
    return int(found.group()) if found else None


def _document_keys(row: dict) -> list[str]:
    keys = [f"pmid:{row['article_pmid']}" if row["article_pmid"] else None,
            f"doi:{row['article_doi'].lower()}" if row["article_doi"] else None,
            f"pmcid:{row['article_pmcid'].upper()}" if row["article_pmcid"] else None,
            _title_key(row["title"], _document_year(row["published"]))]
    return [key for key in keys if key]


def _work_keys(row: dict) -> list[str]:
    keys = [f"pmid:{row['pmid']}" if row["pmid"] else None,
            f"doi:{row['doi'].lower()}" if row["doi"] else None,
            f"pmcid:{row['pmcid'].upper()}" if row["pmcid"] else None,
            _title_key(row["title"], row["year"])]
    if row["year"]:
        keys.append(_title_key(row["title"], None))
    return [key for key in keys if key]


_DOCUMENT_COLUMNS = "select id, title, published, article_pmid, article_doi, article_pmcid from documents"


def documents_of_works(db: sqlite_utils.Database, work_ids: Iterable[int]) -> dict[int, int]:
    """Work id -> the document of the library that is this work (the lowest id when several are)."""
    by_key: dict[str, int] = {}
    for row in db.query(_DOCUMENT_COLUMNS + " where format != 'bibtex' order by id desc"):
        for key in _document_keys(row):
            by_key[key] = row["id"]
    if not by_key:
        return {}
    found = {}
    for row in db.query("select id, pmid, doi, pmcid, title, year from works where id in"
                        " (select value from json_each(?))", [_json(work_ids)]):
        document_id = next((by_key[key] for key in _work_keys(row) if key in by_key), None)
        if document_id is not None:
            found[row["id"]] = document_id
    return found


_INDEXED_LOOKUPS = (
    "select id from works where pmid in (select value from json_each(:pmids))",
    "select id from works where lower(doi) in (select value from json_each(:dois))",
    "select rowid from works_fts where works_fts match :titles",
    "select id from works where id > (select coalesce(max(id), 0) from works_fts_docsize)",
)
"""The works that may be a document, in a library with its full-text index: by PMID, DOI, a word of the title
(the index), and the works written since the index was last extended (an add indexes its works after its
documents), so that an add reads a few works instead of every title."""


def _title_search(title: str) -> str | None:
    """A full-text query for the titles holding the longest words of `title`'s key (those written as they are
    folded, so the index holds them as words too): every work with the same key is among its answers."""
    written = title.lower()
    longest = sorted((w for w in set(words(title)[:TITLE_WORDS]) if w in written), key=len, reverse=True)[:4]
    return "(title : (" + " AND ".join(f'"{w}"' for w in longest) + "))" if longest else None


def works_of_documents(db: sqlite_utils.Database, document_ids: Iterable[int]) -> list[int]:
    """The works of the library that these documents are (a review that other documents cite)."""
    keys: set[str] = set()
    years: set[int | None] = set()
    title_words: set[str] = set()
    titles: list[str | None] = []
    for row in db.query(_DOCUMENT_COLUMNS + " where id in (select value from json_each(?)) and format != 'bibtex'",
                        [_json(document_ids)]):
        keys.update(_document_keys(row))
        years.add(_document_year(row["published"]))
        if _title_key(row["title"], None):
            title_words.add(max(words(row["title"])[:TITLE_WORDS], key=len))
            titles.append(_title_search(row["title"]))
    if not keys:
        return []
    values = {kind: [key.split(":", 1)[1] for key in keys if key.startswith(kind + ":")] for kind in ("pmid", "doi", "pmcid")}
    params = {"pmids": _json(values["pmid"]), "dois": _json(values["doi"]), "pmcids": _json(values["pmcid"]),
              "any_year": int(None in years), "years": _json(y for y in years if y), "words": _json(title_words),
              "titles": " OR ".join(title for title in titles if title)}
    columns = "select id, pmid, doi, pmcid, title, year from works"
    if db["works_fts"].exists() and None not in titles:
        lookups = [lookup for lookup in _INDEXED_LOOKUPS if titles or ":titles" not in lookup]
        if values["pmcid"]:
            lookups.append("select id from works where upper(pmcid) in (select value from json_each(:pmcids))")
        rows = db.query(f"{columns} where id in ({' union '.join(lookups)})", params)
    else:
        rows = db.query(
            f"{columns} where pmid in (select value from json_each(:pmids))"
            " or lower(doi) in (select value from json_each(:dois)) or upper(pmcid) in (select value from json_each(:pmcids))"
            " or ((:any_year or year is null or year in (select value from json_each(:years)))"
            " and exists (select 1 from json_each(:words) where instr(lower(works.title), value)))", params)
    return sorted(row["id"] for row in rows if keys.intersection(_work_keys(row)))


def full_texts(db: sqlite_utils.Database, document_ids: Iterable[int]) -> dict[int, FullText]:
    """The body of each document as one text, paragraphs one a line (a line break inside one becomes a space,
    so offsets into the text stay offsets into the paragraph)."""
    paragraphs: dict[int, list[tuple[str, str | None]]] = {}
    for row in db.query("select document_id, text, section from document_paragraphs where document_id in"
                        " (select value from json_each(?)) order by document_id, paragraph", [_json(document_ids)]):
        paragraphs.setdefault(row["document_id"], []).append((row["text"].replace("\n", " "), row["section"]))
    texts = {}
    for document_id, parts in paragraphs.items():
        starts, offset = [], 0
        for text, _section in parts:
            starts.append(offset)
            offset += len(text) + 1
        texts[document_id] = FullText(document_id, "\n".join(text for text, _ in parts), starts,
                                      [section for _, section in parts])
    return texts


def assess_documents(db: sqlite_utils.Database, document_ids: list[int]) -> int:
    """Assess the pairs these newly written documents bring, the pairs never assessed (a library made before
    evidence existed), and the older pairs citing a work that one of these documents is. Returns the number of
    pairs assessed. Called once per batch of written documents, inside the writer's transaction."""
    pairs = [tuple(row) for row in db.execute(
        "select claim_id, reference_number from claim_citations where evidence is null and citation_id is not null")]
    held = works_of_documents(db, document_ids)
    if held:
        pairs += [tuple(row) for row in db.execute(
            "select cc.claim_id, cc.reference_number from claim_citations cc join citations c on c.id = cc.citation_id"
            " where c.work_id in (select value from json_each(?)) and cc.evidence is not null", [_json(held)])]
    return assess_pairs(db, pairs)


def assess_works(db: sqlite_utils.Database, work_ids: list[int]) -> int:
    """Assess again every pair citing these works: their record (abstract) changed, they became matched, or a
    document holding their full text came or went. Returns the number of pairs assessed."""
    pairs = [tuple(row) for row in db.execute(
        "select cc.claim_id, cc.reference_number from claim_citations cc join citations c on c.id = cc.citation_id"
        " where c.work_id in (select value from json_each(?))", [_json(work_ids)])]
    return assess_pairs(db, pairs)


_PAIR_SQL = """
select cc.claim_id, cc.reference_number, cc.citation_id, claims.document_id, {columns}
from json_each(:pairs) as pair
join claim_citations cc on cc.claim_id = json_extract(pair.value, '$[0]')
  and cc.reference_number = json_extract(pair.value, '$[1]')
join claims on claims.id = cc.claim_id
join citations on citations.id = cc.citation_id
join works on works.id = citations.work_id
"""
CHUNK = 5000
"""Pairs read, assessed and written at a time: a library's memory stays that of one chunk's texts and rows."""


def assess_pairs(db: sqlite_utils.Database, pairs: list[tuple[int, int]]) -> int:
    """Rank the cited text of each (claim_id, reference_number) pair against its claim, and store the kept
    sentences and the verdict in place of what the pair had. A pair with no cited text is `no_text` at once; the
    abbreviations of a citing document are read only when one of its pairs has a text to rank."""
    if not pairs:
        return 0
    ordered = sorted(set(pairs))
    outline = list(db.query(_PAIR_SQL.format(columns="citations.work_id, works.abstract is not null as has_abstract"),
                            {"pairs": json.dumps(ordered)}))
    holders = documents_of_works(db, {row["work_id"] for row in outline})
    texts = full_texts(db, set(holders.values()))
    reading = {row["document_id"] for row in outline if row["has_abstract"] or row["work_id"] in holders}
    abbreviations = {document_id: document_abbreviations(text.text) for document_id, text in full_texts(db, reading).items()}
    assessed = 0
    for start in range(0, len(ordered), CHUNK):
        rows = db.query(
            _PAIR_SQL.format(columns="claims.text as clause, claims.sentence, citations.work_id, works.abstract"),
            {"pairs": json.dumps(ordered[start:start + CHUNK])})
        assessed += _assess(db, list(rows), holders, texts, abbreviations)
    return assessed


WORKS_AT_ONCE = 500
"""Works whose citing pairs a whole-library pass assesses together (about ten pairs a work): all the pairs of a
work in one chunk, so its abstract is prepared once, and memory that of one chunk's rows."""


UNASSESSED_PAIRS_OF_WORKS_SQL = """
select cc.claim_id, cc.reference_number, cc.citation_id, claims.document_id, claims.text as clause, claims.sentence,
  citations.work_id, works.abstract
from citations
join claim_citations cc on cc.citation_id = citations.id
join claims on claims.id = cc.claim_id
join works on works.id = citations.work_id
where citations.work_id between :low and :high and +cc.evidence is null
order by citations.work_id, cc.claim_id, cc.reference_number
"""
"""The unassessed pairs citing the works with ids from :low to :high, read through the citations' work index
(`+cc.evidence`: during a build every pair is unassessed, and SQLite, without statistics yet, would otherwise read
all of them through the evidence index for each chunk of works, a cost that grows with the square of the library)."""


def assess_library(db: sqlite_utils.Database) -> int:
    """Assess every pair of a library written whole (a build), in the order of the works they cite: each cited
    text is prepared once however many batches cited it (and let go after its chunk, whose works are not asked
    again), and a cited review of the library is read in full from the start. Returns the number of pairs
    assessed."""
    highest = db.execute("select coalesce(max(id), 0) from works").fetchone()[0]
    holders = documents_of_works(db, range(1, highest + 1)) if highest else {}
    abbreviations: dict[int, dict[str, str]] = {}
    assessed = 0
    for low in range(1, highest + 1, WORKS_AT_ONCE):
        rows = list(db.query(UNASSESSED_PAIRS_OF_WORKS_SQL, {"low": low, "high": low + WORKS_AT_ONCE - 1}))
        texts = full_texts(db, {holders[row["work_id"]] for row in rows if row["work_id"] in holders})
        reading = {row["document_id"] for row in rows if row["abstract"] or row["work_id"] in holders}
        missing = reading - abbreviations.keys()
        abbreviations.update({document_id: document_abbreviations(text.text)
                              for document_id, text in full_texts(db, missing).items()})
        abbreviations.update({document_id: {} for document_id in missing - abbreviations.keys()})
        assessed += _assess(db, rows, holders, texts, abbreviations, fresh=True)
        forget_prepared_texts()
    return assessed


def _assess(db: sqlite_utils.Database, rows: list[dict], holders: dict[int, int], texts: dict[int, FullText],
            abbreviations: dict[int, dict[str, str]], fresh: bool = False) -> int:
    """Assess and store one chunk of pairs, replacing their evidence rows; `fresh` pairs (a build's) have none
    yet, so none is looked for (a million look-ups in a growing index at 12,000 reviews)."""
    evidence: list[dict] = []
    verdicts: list[tuple] = []
    for row in rows:
        full_text = texts.get(holders.get(row["work_id"], -1))
        if full_text and full_text.document_id == row["document_id"]:
            full_text = None
        cited = [CitedText(FULL_TEXT, full_text.text)] if full_text else []
        if row["abstract"]:
            cited.append(CitedText(ABSTRACT, row["abstract"]))
        if not cited:
            verdicts.append((NO_TEXT, None, row["claim_id"], row["reference_number"]))
            continue
        assessment = assess_citation(row["clause"], row["sentence"], abbreviations.get(row["document_id"], {}), cited)
        evidence += evidence_rows(row["claim_id"], row["citation_id"], row["work_id"], assessment,
                                  full_text.starts if full_text else None, full_text.sections if full_text else None)
        verdicts.append((assessment.evidence, assessment.evidence_score, row["claim_id"], row["reference_number"]))
    if not fresh:
        db.conn.executemany("delete from evidence where claim_id = ? and citation_id = ?",
                            [(row["claim_id"], row["citation_id"]) for row in rows])
    insert_rows(db, "evidence", evidence)
    db.conn.executemany("update claim_citations set evidence = ?, evidence_score = ? where claim_id = ?"
                        " and reference_number = ?", verdicts)
    return len(rows)
