"""RIS export for EndNote, Mendeley and Zotero."""
from __future__ import annotations

from citetrace.citations.keys import assign_keys
from citetrace.citations.model import Work
from citetrace.citations.ris import works_to_ris
from export_fixtures import all_works, book, chapter, korthauer, personal_communication


def _ris(works: list[Work]) -> str:
    return works_to_ris(works, assign_keys(works))


def test_seed_article_record():
    assert _ris([korthauer()]).splitlines()[:3] + _ris([korthauer()]).splitlines()[12:] == [
        "TY  - JOUR",
        "ID  - korthauer1993defective",
        "AU  - Korthäuer, Ulf",
        "TI  - Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with hyper-IgM.",
        "T2  - Nature",
        "J2  - Nature",
        "PY  - 1993",
        "DA  - 1993/02/11/",
        "VL  - 361",
        "IS  - 6412",
        "SP  - 539",
        "EP  - 541",
        "DO  - 10.1038/361539a0",
        "AN  - 7679206",
        "N1  - Erratum in: Nature 1993 Apr 8;362(6420):574",
        "ER  - ",
    ]


def test_one_author_line_per_author():
    assert sum(line.startswith("AU  - ") for line in _ris([korthauer()]).splitlines()) == 10


def test_record_types():
    text = _ris([korthauer(), personal_communication(), book(), chapter()])
    assert [line for line in text.splitlines() if line.startswith("TY")] == [
        "TY  - JOUR", "TY  - PCOMM", "TY  - BOOK", "TY  - CHAP"]


def test_chapter_has_book_title_editors_and_publisher():
    lines = _ris([chapter()]).splitlines()
    assert [line for line in lines if line[:2] in ("A2", "T2", "PB", "CY", "SP", "EP")] == [
        "A2  - Ochs, H. D.", "A2  - Smith, C. I. E.", "T2  - Primary Immunodeficiency Diseases",
        "SP  - 269", "EP  - 283", "PB  - Oxford University Press", "CY  - New York"]


def test_every_record_ends_with_er_and_records_are_separated():
    text = _ris(all_works())
    assert text.count("ER  - \n") == len(all_works()) and "ER  - \n\nTY  - " in text
