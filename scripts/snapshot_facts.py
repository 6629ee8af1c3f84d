"""PubMed facts compiled for the seed (refs-*.json) as the bundled snapshot: a PubmedArticleSet, pubmed_250101.

The snapshot is a local PubMed source like any user's baseline file, so it holds PubMed records only: one
PubmedArticle per fact record with a PMID, every known fact in its PubMed element, nulls omitted, and nothing
from the review (no reference numbers, citation strings, notes or source URLs). Records are sorted by PMID
and serialized with fixed indentation, so regenerating from the same facts gives the same bytes. Attributes
are written only where they carry a fact (MajorTopicYN, CompleteYN) or name one (EIdType, IdType, RefType).
A `comments_corrections` fact is a list of {"type", "ref_source", "pmid"}, the fields of a PubMed link.
"""
from __future__ import annotations

import json
import xml.etree.ElementTree as ET
from collections.abc import Iterable
from pathlib import Path
from typing import Any

DOCTYPE = ('<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
           '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">')


def load_facts(directory: Path) -> list[dict[str, Any]]:
    """All fact records of the refs-*.json files in `directory`."""
    files = sorted(directory.glob("refs-*.json"))
    if not files:
        raise FileNotFoundError(f"no refs-*.json in {directory}")
    return [record for path in files for record in json.loads(path.read_text(encoding="utf-8"))]


def snapshot_xml(facts: Iterable[dict[str, Any]]) -> bytes:
    """The PubmedArticleSet document for the fact records that have a PMID."""
    root = ET.Element("PubmedArticleSet")
    for fact in sorted((f for f in facts if f.get("pmid")), key=lambda f: int(f["pmid"])):
        root.append(_article(fact))
    ET.indent(root, space="  ")
    body = ET.tostring(root, encoding="unicode")
    return f'<?xml version="1.0" encoding="UTF-8"?>\n{DOCTYPE}\n{body}\n'.encode()


def _article(fact: dict[str, Any]) -> ET.Element:
    article_set = ET.Element("PubmedArticle")
    citation = _sub(article_set, "MedlineCitation")
    _sub(citation, "PMID", fact["pmid"])
    article = _sub(citation, "Article")
    if _has(fact, "volume", "issue", "pub_year", "pub_month", "pub_day", "journal_iso"):
        journal = _sub(article, "Journal")
        if _has(fact, "volume", "issue", "pub_year", "pub_month", "pub_day"):
            issue = _sub(journal, "JournalIssue")
            _optional(issue, "Volume", fact.get("volume"))
            _optional(issue, "Issue", fact.get("issue"))
            if _has(fact, "pub_year", "pub_month", "pub_day"):
                date = _sub(issue, "PubDate")
                _optional(date, "Year", fact.get("pub_year"))
                _optional(date, "Month", fact.get("pub_month"))
                _optional(date, "Day", fact.get("pub_day"))
        _optional(journal, "ISOAbbreviation", fact.get("journal_iso"))
    _optional(article, "ArticleTitle", fact.get("title"))
    if fact.get("pages"):
        _sub(_sub(article, "Pagination"), "MedlinePgn", fact["pages"])
    if fact.get("doi"):
        _sub(article, "ELocationID", fact["doi"], EIdType="doi")
    if fact.get("authors"):
        authors = _sub(article, "AuthorList", CompleteYN="Y" if fact.get("authors_complete") else "N")
        for person in fact["authors"]:
            author = _sub(authors, "Author")
            _optional(author, "LastName", person.get("last"))
            _optional(author, "ForeName", person.get("fore"))
            _optional(author, "Initials", person.get("initials"))
    if fact.get("publication_types"):
        types = _sub(article, "PublicationTypeList")
        for name in fact["publication_types"]:
            _sub(types, "PublicationType", name)
    if fact.get("comments_corrections"):
        links = _sub(citation, "CommentsCorrectionsList")
        for link in fact["comments_corrections"]:
            element = _sub(links, "CommentsCorrections", RefType=link["type"])
            _optional(element, "RefSource", link.get("ref_source"))
            if link.get("pmid"):
                _sub(element, "PMID", link["pmid"])
    if fact.get("mesh"):
        headings = _sub(citation, "MeshHeadingList")
        for heading in fact["mesh"]:
            element = _sub(headings, "MeshHeading")
            _sub(element, "DescriptorName", heading["descriptor"], MajorTopicYN="Y" if heading.get("major") else "N")
            for qualifier in heading.get("qualifiers") or []:
                _sub(element, "QualifierName", qualifier)
    ids = _sub(_sub(article_set, "PubmedData"), "ArticleIdList")
    _sub(ids, "ArticleId", fact["pmid"], IdType="pubmed")
    _optional(ids, "ArticleId", fact.get("doi"), IdType="doi")
    _optional(ids, "ArticleId", fact.get("pmcid"), IdType="pmc")
    return article_set


def _has(fact: dict[str, Any], *keys: str) -> bool:
    return any(fact.get(k) is not None for k in keys)


def _sub(parent: ET.Element, tag: str, text: object = None, **attributes: str) -> ET.Element:
    element = ET.SubElement(parent, tag, attributes)
    if text is not None:
        element.text = str(text)
    return element


def _optional(parent: ET.Element, tag: str, text: object, **attributes: str) -> None:
    if text is not None:
        _sub(parent, tag, text, **attributes)
