"""Specification of the labelled reference parser: layouts the rules do not know, each field found on its own,
and inputs that are not references kept raw without fields, never an exception."""
from __future__ import annotations

import random

import pytest

from citetrace.citations.reference_csl import reference_to_csl
from citetrace.citations.reference_labeller import MODEL, read_fields
from citetrace.citations.reference_tokens import tokenise
from citetrace.citations.references import parse_reference


def _fields(raw: str) -> tuple:
    ref = parse_reference(raw, 1)
    people = [(author.family, author.given) for author in ref.authors]
    return people, ref.title, ref.container_title, ref.year, ref.volume, ref.page


def test_frontiers_year_in_parentheses_before_volume_and_article_number():
    raw = ("Nguyen TL, Brown DR. A stochastic model of T-cell receptor dynamics. Front Immunol. (2022) 13:812345. "
           "doi: 10.3389/fimmu.2022.812345")
    ref = parse_reference(raw, 1)
    assert _fields(raw) == ([("Nguyen", "TL"), ("Brown", "DR")], "A stochastic model of T-cell receptor dynamics",
                            "Front Immunol", 2022, "13", "812345")
    assert ref.doi == "10.3389/fimmu.2022.812345"


def test_author_year_layout_of_plos_and_springer():
    assert _fields("Smith AB, Jones CD (1987) Transmission of influenza in households. Epidemiol Infect 99: 517-522") == (
        [("Smith", "AB"), ("Jones", "CD")], "Transmission of influenza in households", "Epidemiol Infect", 1987, "99",
        "517-522")


def test_bmc_layout_with_colon_after_the_authors():
    assert _fields("Smith AB, Jones CD: Wound healing after elective colectomy. Am J Surg 1989, 158:515-9.") == (
        [("Smith", "AB"), ("Jones", "CD")], "Wound healing after elective colectomy", "Am J Surg", 1989, "158", "515-9")


def test_e_page_with_suffix_and_hyphenated_initials_and_particles():
    people, title, journal, year, volume, page = _fields(
        "Zhang Q-W, van der Touw W. Regulatory T cells in transplantation. Cell. 2019;177:829-45.e20.")
    assert (people, title, journal, volume, page) == (
        [("Zhang", "Q-W"), ("van der Touw", "W")], "Regulatory T cells in transplantation", "Cell", "177", "829-45.e20")


def test_article_number_after_the_volume_is_the_page():
    assert _fields("Li Y, Wang Q (2015) Systems biology approaches for drug combinations. J Cheminform 7, 7.") == (
        [("Li", "Y"), ("Wang", "Q")], "Systems biology approaches for drug combinations", "J Cheminform", 2015, "7",
        "7")


def test_title_and_journal_read_as_one_are_split_at_the_last_sentence():
    _, title, journal, *_ = _fields("Savva CG, Young R: The holin of bacteriophage lambda forms rings with large "
                                    "diameter. Mol Microbiol 2008, 69:784-793.")
    assert (title, journal) == ("The holin of bacteriophage lambda forms rings with large diameter", "Mol Microbiol")


def test_year_with_article_number_and_no_volume():
    assert _fields("Garcia M, Tanaka H. Air pollution and asthma admissions. Environ Res. 2024:104588.") == (
        [("Garcia", "M"), ("Tanaka", "H")], "Air pollution and asthma admissions", "Environ Res", 2024, None, "104588")


def test_first_page_of_a_range_written_with_unicode_hyphens():
    ref = parse_reference("Smith AB, Jones CD (1987) Household transmission. Epidemiol Infect 99: 517\u2010522", 1)
    assert (ref.page, ref.first_page) == ("517\u2010522", "517")


def test_chapter_with_editors_publisher_and_pages():
    ref = parse_reference(
        "Ochs HD, Puck JM. Primary immunodeficiency diseases. In: Ochs HD, Smith CIE, Puck JM, eds. Primary "
        "Immunodeficiency Diseases: A Molecular and Genetic Approach. 3rd ed. Oxford University Press; 2014: 211-34.", 1)
    assert (ref.type, ref.title, ref.container_title, [e.family for e in ref.editors], ref.publisher, ref.page) == (
        "chapter", "Primary immunodeficiency diseases",
        "Primary Immunodeficiency Diseases: A Molecular and Genetic Approach", ["Ochs", "Smith", "Puck"],
        "Oxford University Press", "211-34")


def test_web_page_keeps_its_url_and_a_group_author():
    ref = parse_reference(
        "World Health Organization. Global tuberculosis report 2023. Available at: "
        "https://www.who.int/publications/i/item/9789240083851 (Accessed 12 January 2024).", 1)
    item = reference_to_csl(ref)
    assert (item["type"], item["author"], item["title"], item["URL"]) == (
        "webpage", [{"literal": "World Health Organization"}], "Global tuberculosis report 2023",
        "https://www.who.int/publications/i/item/9789240083851")


def test_pmid_and_pmcid_written_after_an_unfamiliar_layout_are_kept():
    ref = parse_reference(
        "Smith AB, Jones CD (1987) Household transmission. Epidemiol Infect 99: 517-522. PMID: 3678401; "
        "PMCID: PMC2249269", 1)
    assert (ref.pmid, ref.pmcid, ref.container_title) == ("3678401", "PMC2249269", "Epidemiol Infect")


def test_a_string_with_only_authors_and_title_still_yields_them():
    ref = parse_reference("Kowalski J, Novak P. Rare variants in familial hypercholesterolaemia", 1)
    assert ([a.family for a in ref.authors], ref.title) == (["Kowalski", "Novak"],
                                                             "Rare variants in familial hypercholesterolaemia")


def test_labelling_is_deterministic():
    raw = "Smith AB, Jones CD (1987) Transmission of influenza in households. Epidemiol Infect 99: 517-522"
    assert reference_to_csl(parse_reference(raw, 1)) == reference_to_csl(parse_reference(raw, 1))


def test_the_shipped_model_is_small():
    assert MODEL.stat().st_size < 10 * 1024 * 1024


@pytest.mark.parametrize(
    "raw",
    [
        "Smith AB. " + "A very long title " * 6000,
        "".join(map(chr, random.Random(3).choices(range(0x3000), k=5000))),
        bytes(random.Random(4).choices(range(256), k=3000)).decode("latin-1"),
        "\u5f20\u4f1f, \u674e\u5a1c. \u513f\u7ae5\u54ee\u5598\u7684\u6cbb\u7597. \u4e2d\u534e\u513f\u79d1\u6742\u5fd7. 2019;57(3):201-5.",
        "\u0418\u0432\u0430\u043d\u043e\u0432 \u0418\u0418. \u041b\u0435\u0447\u0435\u043d\u0438\u0435 \u0430\u0441\u0442\u043c\u044b. \u0422\u0435\u0440\u0430\u043f\u0435\u0432\u0442\u0438\u0447\u0435\u0441\u043a\u0438\u0439 \u0430\u0440\u0445\u0438\u0432. 2019;91(3):4-9.",
    ],
    ids=["100-KB", "random-code-points", "binary-noise", "chinese", "cyrillic"],
)
def test_what_cannot_be_a_reference_keeps_its_raw_text_and_no_fields(raw):
    ref = parse_reference(raw, 3)
    fields = (ref.authors, ref.title, ref.container_title, ref.year, ref.volume, ref.page)
    assert (ref.raw, ref.flags, fields) == (raw, ["unparsed"], ([], None, None, None, None, None))


def test_vol_no_and_pp_say_what_the_numbers_after_them_are():
    ref = parse_reference(
        "W. C. Lee, Y. E. Chavez, T. Baker, and B. R. Luce, \u201cEconomic burden of heart failure: a summary of "
        "recent literature,\u201d Heart and Lung, vol. 33, no. 6, pp. 362\u2013371, 2004.", 1)
    assert ([a.family for a in ref.authors], ref.container_title, ref.volume, ref.issue, ref.page, ref.year) == (
        ["Lee", "Chavez", "Baker", "Luce"], "Heart and Lung", "33", "6", "362\u2013371", 2004)


def _read(labelled: list[tuple[str, str]]):
    """read_fields over a string given as (text, label) pieces; every token of a piece gets its label."""
    text = "".join(piece for piece, _ in labelled)
    tokens = tokenise(text)
    bounds, position = [], 0
    for piece, name in labelled:
        bounds.append((position, position + len(piece), name))
        position += len(piece)
    labels = [next(name for start, end, name in bounds if start <= token_start < end) for _, token_start, _ in tokens]
    return read_fields(text, tokens, labels)


def test_a_dotted_abbreviation_labelled_title_before_the_journal_is_the_journal():
    fields = _read([("A. ", "AG"), ("Sharma", "AF"), (", ", "O"), ("Phys. Rev. ", "TI"), ("Lett.", "CT"), (" ", "O"),
                    ("98", "VO"), (", ", "O"), ("123401", "PG"), (" (", "O"), ("2007", "DATE"), (").", "O")])
    assert (fields.title, fields.container_title, fields.volume, fields.page) == (None, "Phys. Rev. Lett", "98",
                                                                                  "123401")


def test_a_dotted_journal_without_a_title_is_not_split_at_its_full_stops():
    fields = _read([("M. ", "AG"), ("Hartl", "AF"), (", ", "O"), ("J. Am. Chem. Soc.", "CT"), (", ", "O"),
                    ("2010", "DATE"), (", ", "O"), ("132", "VO"), (", ", "O"), ("4567-4575", "PG"), (".", "O")])
    assert (fields.title, fields.container_title) == (None, "J. Am. Chem. Soc")


def test_a_year_run_into_the_month_is_the_year():
    fields = _read([("Stone A. ", "O"), ("Grief", "TI"), (". ", "O"), ("Nature", "CT"), (". ", "O"),
                    ("1993Feb", "DATE"), (";", "O"), ("361", "VO")])
    assert fields.year == 1993


def test_in_before_a_book_title_is_not_part_of_it_but_in_vivo_is_a_journal():
    chapter = _read([("Bauer", "AF"), (". ", "O"), ("Ethics", "TI"), (". ", "O"), ("In Care and Its Limits", "CT"),
                     (", ", "O"), ("45-68", "PG")])
    article = _read([("Bauer", "AF"), (". ", "O"), ("Ethics", "TI"), (". ", "O"), ("In Vivo", "CT"), (" ", "O"),
                     ("12", "VO")])
    assert (chapter.container_title, article.container_title) == ("Care and Its Limits", "In Vivo")


def test_a_book_title_labelled_as_a_container_with_a_publisher_and_no_volume_is_the_title():
    fields = _read([("Polit", "AF"), (", ", "AO"), ("D. F.", "AG"), (" (", "O"), ("2017", "DATE"), ("). ", "O"),
                    ("Nursing research", "CT"), (". ", "O"), ("Philadelphia", "PL"), (": ", "O"),
                    ("Wolters Kluwer", "PB"), (".", "O")])
    assert (fields.title, fields.container_title, fields.publisher) == ("Nursing research", None, "Wolters Kluwer")


def test_a_journal_with_a_section_letter_and_colon_is_not_split():
    fields = _read([("Petrov", "AF"), (" ", "AO"), ("D", "AG"), (" 2013 ", "O"), ("J. Phys. D: Appl. Phys.", "CT"),
                    (" ", "O"), ("46", "VO"), (" ", "O"), ("235301", "PG")])
    assert (fields.title, fields.container_title, fields.page) == (None, "J. Phys. D: Appl. Phys", "235301")


def test_of_two_containers_and_no_title_the_first_is_the_title():
    fields = _read([("L. ", "AG"), ("Moreno", "AF"), (", \u201c", "O"), ("Federated learning", "CT"), (",\u201d in ", "O"),
                    ("Proc. IEEE Int. Conf. Healthcare Informatics", "CT"), (", ", "O"), ("2020", "DATE")])
    assert (fields.title, fields.container_title) == ("Federated learning", "Proc. IEEE Int. Conf. Healthcare Informatics")


def test_mla_full_given_name_inverted_with_a_quoted_title_and_volume_dot_issue():
    ref = parse_reference("Clewell, Tammy. \u201cMourning Beyond Melancholia: Freud\u2019s Psychoanalysis of Loss.\u201d "
                          "Journal of the American Psychoanalytic Association 52.1 (2004): 43-67.", 1)
    assert ([(a.family, a.given) for a in ref.authors], ref.title, ref.container_title, ref.year, ref.volume,
            ref.issue, ref.page) == (
        [("Clewell", "Tammy")], "Mourning Beyond Melancholia: Freud\u2019s Psychoanalysis of Loss",
        "Journal of the American Psychoanalytic Association", 2004, "52", "1", "43-67")


def test_chicago_second_author_written_given_name_first():
    people, *_ = _fields("Okonkwo, Chidi, and Laura Bernstein. \u201cTrust in Community Health Workers.\u201d Social "
                         "Science & Medicine 214 (2018): 88-97.")
    assert people == [("Okonkwo", "Chidi"), ("Bernstein", "Laura")]


def test_acm_full_names_given_first_in_proceedings():
    ref = parse_reference("Wei Zhang, Li Na, and Ming Chen. 2019. Graph attention for drug interaction prediction. In "
                          "Proceedings of the 28th ACM International Conference on Information and Knowledge "
                          "Management. ACM, New York, 1203\u20131212.", 1)
    assert [(a.family, a.given) for a in ref.authors] == [("Zhang", "Wei"), ("Na", "Li"), ("Chen", "Ming")]
    assert (ref.title, ref.type, ref.page) == ("Graph attention for drug interaction prediction", "paper-conference",
                                              "1203\u20131212")


def test_physics_string_without_a_title():
    assert _fields("V. Balkanov et al. Nucl. Phys. B 91 (2001) 438") == (
        [("Balkanov", "V.")], None, "Nucl. Phys. B", 2001, "91", "438")


def test_of_two_titles_and_no_container_the_one_before_the_volume_is_the_journal():
    fields = _read([("Moreau", "AF"), (" (", "O"), ("2011", "DATE"), ("). ", "O"), ("Early mobilisation", "TI"),
                    (". ", "O"), ("Age and Ageing", "TI"), (", ", "O"), ("40", "VO"), ("(", "O"), ("3", "IS"),
                    ("), ", "O"), ("341-346", "PG")])
    assert (fields.title, fields.container_title, fields.volume) == ("Early mobilisation", "Age and Ageing", "40")


def test_an_unlabelled_year_alone_is_the_year_but_not_the_date_a_page_was_read():
    mla = _read([("Sato", "AF"), (". ", "O"), ("Narratives", "TI"), (". ", "O"), ("Nursing Inquiry", "CT"),
                 (", vol. ", "O"), ("24", "VO"), (", 2017, pp. ", "O"), ("112-20", "PG")])
    web = _read([("WHO", "AF"), (". ", "O"), ("Hand hygiene", "TI"), (". Accessed 2021 March 3. ", "O"),
                 ("https://www.who.int/x", "URL")])
    assert (mla.year, web.year) == (2017, None)


def test_a_thesis_genre_is_not_a_container():
    fields = _read([("Mbeki", "AF"), (", ", "AO"), ("Nandi", "AG"), (". ", "O"), ("2016", "DATE"), (". \u201c", "O"),
                    ("Maternal Health", "TI"), (".\u201d ", "O"), ("PhD diss", "CT"), ("., ", "O"),
                    ("University of Cape Town", "PB")])
    assert (fields.title, fields.container_title, fields.publisher) == ("Maternal Health", None,
                                                                        "University of Cape Town")
