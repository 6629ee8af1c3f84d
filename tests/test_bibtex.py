"""The BibTeX writer: exact entries for seed-like works, and round trips through bibtexparser and pybtex."""
from __future__ import annotations

import bibtexparser
import pybtex.database
import pytest
from bibtexparser.middlewares import SeparateCoAuthors

from citetrace.citations.bibtex import bibtex_month, bibtex_name, entry_type_of, works_to_bibtex
from citetrace.citations.keys import assign_keys
from citetrace.citations.model import Author, Notice, Work
from export_fixtures import all_works, book, chapter, et_al_cut, korthauer, personal_communication, unmatched

KORTHAUER = r"""@article{korthauer1993defective,
  author = {Korth{\"a}uer, Ulf and Graf, Daniel and Mages, Hans W. and Bri{\`e}re, Francine and Padayachee, Manikkam and Malcolm, Sue and Ugazio, Alberto G. and Notarangelo, Luigi D. and Levinsky, Roland J. and Kroczek, Richard A.},
  title = {Defective expression of {T}-cell {CD40} ligand causes {X}-linked immunodeficiency with hyper-{IgM}.},
  journal = {Nature},
  year = 1993,
  month = feb,
  volume = 361,
  number = 6412,
  pages = {539--541},
  doi = {10.1038/361539a0},
  pmid = {7679206},
  note = {Erratum in: Nature 1993 Apr 8;362(6420):574}
}
"""


def test_seed_article_exact_entry():
    assert works_to_bibtex([korthauer()]) == KORTHAUER


def test_unicode_encoding_keeps_diacritics():
    assert "Korthäuer, Ulf and" in works_to_bibtex([korthauer()], encoding="unicode")


def test_unknown_encoding_is_refused():
    with pytest.raises(ValueError):
        works_to_bibtex([korthauer()], encoding="utf-16")


def test_cut_author_list_ends_with_others():
    assert "author = {Levy, J. and Espanol-Boren, T. and Thomas, C. and others}," in works_to_bibtex([et_al_cut()])


def test_personal_communication_entry():
    assert works_to_bibtex([personal_communication()]) == (
        "@misc{durandy2005,\n"
        "  author = {Durandy, A.},\n"
        "  howpublished = {Personal communication},\n"
        "  year = 2005,\n"
        "  note = {H{\\^o}pital Necker-Enfants Malades, Paris}\n"
        "}\n"
    )


def test_book_entry_with_editors():
    assert works_to_bibtex([book()]) == (
        "@book{primary2007,\n"
        "  editor = {Ochs, Hans D. and Smith, C. I. Edvard and Puck, Jennifer M.},\n"
        "  title = {Primary Immunodeficiency Diseases: A Molecular and Genetic Approach},\n"
        "  year = 2007,\n"
        "  edition = {2nd},\n"
        "  publisher = {Oxford University Press},\n"
        "  address = {New York}\n"
        "}\n"
    )


def test_chapter_entry():
    assert works_to_bibtex([chapter()]) == (
        "@incollection{notarangelo2007hyperigm,\n"
        "  author = {Notarangelo, L. D. and Durandy, A.},\n"
        "  editor = {Ochs, H. D. and Smith, C. I. E.},\n"
        "  title = {Hyper-{IgM} syndromes},\n"
        "  booktitle = {Primary Immunodeficiency Diseases},\n"
        "  year = 2007,\n"
        "  pages = {269--283},\n"
        "  publisher = {Oxford University Press},\n"
        "  address = {New York}\n"
        "}\n"
    )


def test_unmatched_work_from_cited_fields():
    assert works_to_bibtex([unmatched()]) == (
        "@article{kracker2010immunoglobulin,\n"
        "  author = {Kracker, S. and Gardes, P. and Mazerolles, F. and Durandy, A.},\n"
        "  title = {Immunoglobulin class switch recombination deficiencies},\n"
        "  journal = {Clin Immunol},\n"
        "  year = 2010,\n"
        "  volume = 135,\n"
        "  pages = 193\n"
        "}\n"
    )


def test_article_without_journal_becomes_misc_with_sort_key():
    work = Work(title="Update on the hyper-IgM syndromes", year=2010, pmid="20180797", source="pubmed")
    assert works_to_bibtex([work]) == (
        "@misc{update2010,\n"
        "  title = {Update on the hyper-{IgM} syndromes},\n"
        "  key = {Update on the hyper-IgM syndromes},\n"
        "  year = 2010,\n"
        "  pmid = {20180797}\n"
        "}\n"
    )


def test_chapter_without_publisher_is_misc():
    work = chapter()
    work.publisher = None
    assert entry_type_of(work) == "misc"


def test_initials_get_periods():
    assert bibtex_name(Author("Notarangelo", None, "LD")) == "Notarangelo, L. D."


def test_group_author_is_braced():
    assert bibtex_name(Author("Writing Group for X & Y")) == "{Writing Group for X \\& Y}"


def test_particle_family_name_stays_unbraced():
    assert bibtex_name(Author("van der Burg", "Mirjam")) == "van der Burg, Mirjam"


@pytest.mark.parametrize("month, macro", [("Feb", "feb"), ("February", "feb"), ("2", "feb"), ("Nov-Dec", "nov")])
def test_month_macro(month, macro):
    assert bibtex_month(month) == macro


def test_season_month_is_text():
    assert "month = {Winter}," in works_to_bibtex([Work(title="T", authors=[Author("A")], journal="J", year=2000,
                                                        month="Winter", volume="1")])


def test_retraction_and_expression_of_concern_in_note():
    work = unmatched()
    work.notices = [Notice("RetractionIn", "Clin Immunol. 2011;140:1"), Notice("ExpressionOfConcernIn", None, "123"),
                    Notice("CommentIn", "Clin Immunol. 2011;139:5")]
    assert "note = {Retraction in: Clin Immunol. 2011;140:1; Expression of concern in: PMID 123}" in works_to_bibtex([work])


def test_one_entry_per_work_even_for_duplicates():
    text = works_to_bibtex([korthauer(), korthauer()])
    assert [e.key for e in bibtexparser.parse_string(text).entries] == ["korthauer1993defectivea", "korthauer1993defectiveb"]


def _bibtexparser_fields(text: str) -> dict[str, dict[str, object]]:
    library = bibtexparser.parse_string(text, append_middleware=[SeparateCoAuthors()])
    assert not library.failed_blocks
    return {e.key: {f.key: f.value for f in e.fields} for e in library.entries}


def _pybtex_fields(text: str) -> dict[str, dict[str, object]]:
    data = pybtex.database.parse_string(text, "bibtex")
    out = {}
    for key, entry in data.entries.items():
        fields = {name.lower(): value for name, value in entry.fields.items()}
        for role, people in entry.persons.items():
            fields[role.lower()] = [str(person) for person in people]
        out[key] = fields
    return out


@pytest.mark.parametrize("encoding", ["latex", "unicode"])
def test_round_trip_bibtexparser_and_pybtex_agree(encoding):
    text = works_to_bibtex(all_works(), encoding=encoding)
    ours, theirs = _bibtexparser_fields(text), _pybtex_fields(text)
    months = {"dec": "December", "feb": "February"}
    for fields in ours.values():
        if "month" in fields:
            fields["month"] = months[fields["month"]]
    assert ours == theirs


def test_round_trip_keeps_keys_and_entry_types():
    works = all_works()
    library = bibtexparser.parse_string(works_to_bibtex(works))
    assert [(e.key, e.entry_type) for e in library.entries] == list(zip(assign_keys(works), [
        "article", "article", "misc", "book", "incollection", "article", "article"], strict=True))


@pytest.mark.parametrize("pages, expanded", [
    ("539-41", "539--541"), ("1169-77", "1169--1177"), ("1169-7", "1169--7"), ("S12-5", "S12--S15"),
    ("123-5, 130", "123--125, 130"), ("e1002", "e1002"), ("xi-xv", "xi--xv"), ("101\u201321", "101--121"),
])
def test_page_ranges_expanded_with_en_dash(pages, expanded):
    work = Work(title="T", authors=[Author("A")], journal="J", year=2000, pages=pages)
    (entry,) = bibtexparser.parse_string(works_to_bibtex([work])).entries
    assert entry["pages"] == expanded
