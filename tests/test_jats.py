"""Specification of the JATS reader (ingest.readers.jats): front matter, paragraphs, citation groups, references."""
from __future__ import annotations

import re
from pathlib import Path

import pytest

from citetrace.citations.claims import extract_claims
from citetrace.citations.model import Document
from citetrace.ingest.errors import InputError
from citetrace.ingest.readers.jats import parse_jats

DATA = Path(__file__).parent / "data" / "jats"


def article(body: str, refs: str, meta: str = "") -> str:
    """A minimal JATS article around a body and a reference list."""
    return (
        '<?xml version="1.0"?>\n<!DOCTYPE article PUBLIC "-//NLM//DTD JATS (Z39.96) Journal Publishing DTD v1.2//EN"'
        ' "JATS-journalpublishing1.dtd">\n<article article-type="review-article"><front><journal-meta>'
        "<journal-title-group><journal-title>Test Journal</journal-title></journal-title-group></journal-meta>"
        f"<article-meta>{meta}<title-group><article-title>A test review</article-title></title-group>"
        "</article-meta></front>"
        f"<body>{body}</body><back><ref-list>{refs}</ref-list></back></article>"
    )


def refs(count: int) -> str:
    return "".join(
        f'<ref id="r{n}"><element-citation publication-type="journal"><person-group person-group-type="author">'
        f"<name><surname>Author{n}</surname><given-names>A</given-names></name></person-group>"
        f"<article-title>Title {n}</article-title><source>J Test</source><year>2000</year></element-citation></ref>"
        for n in range(1, count + 1)
    )


def xref(rid: str, text: str) -> str:
    return f'<xref ref-type="bibr" rid="{rid}">{text}</xref>'


def read(text: str) -> Document:
    (document,) = parse_jats(text, "test.nxml")
    return document


def cited(document: Document) -> list[tuple[str, list[int], str]]:
    claims, _ = extract_claims(document.paragraphs, len(document.references or []), groups=document.citation_groups)
    return [(claim.marker, claim.refs, claim.text) for claim in claims if claim.marker]


def test_front_matter_from_article_meta() -> None:
    meta = (
        '<article-id pub-id-type="pmid">123</article-id><article-id pub-id-type="pmc">456</article-id>'
        '<article-id pub-id-type="doi">10.1/x</article-id><contrib-group><contrib contrib-type="author"><name>'
        "<surname>Doe</surname><given-names>Jane</given-names></name></contrib><contrib contrib-type=\"author\">"
        "<collab>The Study Group</collab></contrib></contrib-group>"
        '<pub-date pub-type="epub"><day>2</day><month>8</month><year>2011</year></pub-date>'
    )
    document = read(article("<p>Text.</p>", refs(1), meta))
    assert (document.title, document.journal, document.published, document.article_type) == (
        "A test review", "Test Journal", "2011-08-02", "review-article"
    )
    assert (document.pmid, document.pmcid, document.doi, document.format) == ("123", "PMC456", "10.1/x", "jats")
    assert document.contributors == [
        {"name": "Jane Doe", "degrees": "", "role": "Author"},
        {"name": "The Study Group", "degrees": "", "role": "Author"},
    ]


def test_adjacent_xrefs_in_brackets_are_one_group_written_with_its_brackets() -> None:
    body = f"<p>Alpha causes beta [{xref('r1', '1')}, {xref('r3', '3')}]. Gamma follows.</p>"
    document = read(article(body, refs(3)))
    assert cited(document) == [("[1, 3]", [1, 3], "Alpha causes beta")]
    assert document.paragraphs == ["Alpha causes beta [1, 3]. Gamma follows."]


def test_a_dash_between_two_xrefs_cites_the_references_between() -> None:
    body = f"<p>Seen in many cohorts {xref('r3', '[3]')}\u2013{xref('r6', '[6]')}.</p>"
    assert cited(read(article(body, refs(6)))) == [("[3]\u2013[6]", [3, 4, 5, 6], "Seen in many cohorts")]


def test_several_rids_in_one_xref_cite_each() -> None:
    body = f"<p>Both were shown {xref('r2 r4', '2,4')}.</p>"
    assert cited(read(article(body, refs(4)))) == [("2,4", [2, 4], "Both were shown")]


def test_author_year_groups_keep_their_parentheses_and_full_stops() -> None:
    body = (f"<p>Levels are rising ({xref('r1', 'Hites 2004')}; {xref('r2', 'Law et al. 2003')}). "
            "Next sentence here.</p>")
    document = read(article(body, refs(2)))
    claims, _ = extract_claims(document.paragraphs, 2, groups=document.citation_groups)
    assert [(c.marker, c.refs, c.sentence) for c in claims] == [
        ("(Hites 2004; Law et al. 2003)", [1, 2], "Levels are rising (Hites 2004; Law et al. 2003)."),
        (None, [], "Next sentence here."),
    ]


def test_bracketed_numbers_that_are_not_xrefs_are_prose() -> None:
    body = f"<p>The ratio was [2, 3] in controls {xref('r1', '[1]')}.</p>"
    assert cited(read(article(body, refs(3)))) == [("[1]", [1], "The ratio was [2, 3] in controls")]


def test_list_items_and_section_titles() -> None:
    body = (f'<sec><title>Background</title><p>Causes include:</p><list list-type="bullet">'
            f"<list-item><p>infection {xref('r1', '1')}</p></list-item><list-item><p>drugs</p></list-item></list>"
            "</sec>")
    document = read(article(body, refs(1)))
    assert document.paragraphs == ["Causes include:", "infection 1", "drugs"]
    assert document.sections == ["Background", "Background", "Background"]


def test_a_reference_cited_only_in_a_table_is_linked_to_the_caption() -> None:
    body = ('<table-wrap id="T1"><label>Table 1</label><caption><p>Studies of the drug.</p></caption><table>'
            f"<tr><td>Trial A</td><td>{xref('r2', '2')}</td></tr></table></table-wrap>")
    assert cited(read(article(body, refs(2)))) == [("2", [2], "Table 1 Studies of the drug.")]


def test_a_reference_cited_in_a_figure_caption_is_linked_to_its_sentence() -> None:
    body = (f'<fig id="F1"><label>Figure 1</label><caption><title>Survival.</title><p>Adapted from '
            f"{xref('r1', '[1]')}.</p></caption></fig>")
    assert cited(read(article(body, refs(1)))) == [("[1]", [1], "Adapted from")]


def test_references_are_numbered_by_label_when_every_label_is_a_number() -> None:
    labelled = "".join(
        f'<ref id="x{n}"><label>{n}.</label><mixed-citation publication-type="journal"><source>J</source>'
        f"<article-title>T{n}</article-title></mixed-citation></ref>" for n in (2, 1)
    )
    document = read(article(f"<p>Cited {xref('x1', '1')}.</p>", labelled))
    assert [(r.number, r.title) for r in document.references or []] == [(2, "T2"), (1, "T1")]
    assert cited(document) == [("1", [1], "Cited")]


def test_element_citation_fields_come_from_tags() -> None:
    ref = (
        '<ref id="r1"><element-citation publication-type="journal"><person-group person-group-type="author">'
        "<name><surname>Tannh\u00e4user</surname><given-names>B</given-names></name><name><surname>Lam</surname>"
        "<given-names>CS</given-names></name><etal/></person-group><article-title>Fish thyroid</article-title>"
        "<source>Aquat Toxicol</source><year>2006</year><volume>78</volume><issue>2</issue><fpage>7</fpage>"
        '<lpage>19</lpage><pub-id pub-id-type="pmid">16</pub-id><pub-id pub-id-type="doi">10.1/a</pub-id>'
        '<pub-id pub-id-type="pmcid">PMC9</pub-id></element-citation></ref>'
    )
    (reference,) = read(article("<p>x</p>", ref)).references or []
    assert [(a.family, a.given, a.initials) for a in reference.authors] == [("Tannh\u00e4user", "B", "B"), ("Lam", "CS", "CS")]
    assert (reference.et_al, reference.title, reference.container_title, reference.year) == (
        True, "Fish thyroid", "Aquat Toxicol", 2006
    )
    assert (reference.volume, reference.issue, reference.page, reference.pmid, reference.doi, reference.pmcid) == (
        "78", "2", "7-19", "16", "10.1/a", "PMC9"
    )
    assert (reference.origin, reference.key) == ("jats", None)


def test_older_citation_tag_with_names_outside_a_person_group_and_an_elocation() -> None:
    ref = ('<ref id="r1"><citation citation-type="journal"><name><surname>Avery</surname><given-names>SV'
           "</given-names></name><article-title>Cell individuality</article-title><source>PLoS One</source>"
           "<year>2007</year><volume>2</volume><elocation-id>e217</elocation-id></citation></ref>")
    (reference,) = read(article("<p>x</p>", ref)).references or []
    assert ([a.family for a in reference.authors], reference.page, reference.type) == (["Avery"], "e217", "article-journal")


def test_a_book_and_a_chapter() -> None:
    ref = ('<ref id="r1"><element-citation publication-type="book"><source>Clinical Immunology</source>'
           "<publisher-name>Elsevier</publisher-name><publisher-loc>London</publisher-loc><year>2019</year>"
           '</element-citation></ref><ref id="r2"><element-citation publication-type="book"><chapter-title>'
           "Hyper-IgM</chapter-title><source>Primary Immunodeficiencies</source><year>2008</year>"
           "</element-citation></ref>")
    book, chapter = read(article("<p>x</p>", ref)).references or []
    assert (book.type, book.title, book.publisher, book.publisher_place) == ("book", "Clinical Immunology", "Elsevier", "London")
    assert (chapter.type, chapter.title, chapter.container_title) == ("chapter", "Hyper-IgM", "Primary Immunodeficiencies")


def test_an_untagged_mixed_citation_goes_through_the_string_parser() -> None:
    ref = ('<ref id="r1"><mixed-citation publication-type="journal">Korth\u00e4user U, Graf D. Defective expression'
           " of T-cell CD40 ligand. Nature 1993; 361:539.</mixed-citation></ref>")
    (reference,) = read(article("<p>x</p>", ref)).references or []
    assert (reference.authors[0].family, reference.title, reference.container_title, reference.volume) == (
        "Korth\u00e4user", "Defective expression of T-cell CD40 ligand", "Nature", "361"
    )
    assert reference.origin == "jats"


def test_an_xref_to_a_missing_reference_is_a_warning() -> None:
    document = read(article(f"<p>Cited {xref('nope', '9')}.</p>", refs(1)))
    assert document.warnings == ['test.nxml: citation of "nope", which is not in the reference list: "9"']


def test_a_pmc_articleset_gives_one_document_per_article() -> None:
    one = article(f"<p>A {xref('r1', '1')}.</p>", refs(1)).split("\n", 2)[2]
    documents = parse_jats(f"<pmc-articleset>{one}{one}</pmc-articleset>", "set.xml")
    assert [len(d.references or []) for d in documents] == [1, 1]


def test_malformed_xml_names_the_line() -> None:
    with pytest.raises(InputError) as error:
        parse_jats('<?xml version="1.0"?>\n<article>\n<front>\n</article>', "bad.nxml")
    assert str(error.value) == "bad.nxml:4: malformed XML: mismatched tag"


def test_an_xml_bomb_is_refused_without_expanding_it() -> None:
    bomb = ('<?xml version="1.0"?>\n<!DOCTYPE article [\n<!ENTITY a "aaaaaaaaaa">\n'
            '<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">\n<!ENTITY c "&b;&b;&b;&b;&b;&b;&b;&b;&b;&b;">\n]>\n'
            "<article><body><p>&c;&c;&c;</p></body></article>")
    with pytest.raises(InputError) as error:
        parse_jats(bomb, "bomb.xml")
    assert str(error.value) == ("bomb.xml:3: refused: EntitiesForbidden (entity declarations and external "
                                "references are not read)")


def test_an_external_entity_is_refused_without_reading_it(tmp_path: Path) -> None:
    secret = tmp_path / "secret.txt"
    secret.write_text("secret")
    xxe = (f'<?xml version="1.0"?>\n<!DOCTYPE article [\n<!ENTITY x SYSTEM "file://{secret}">\n]>\n'
           "<article><body><p>&x;</p></body></article>")
    with pytest.raises(InputError) as error:
        parse_jats(xxe, "xxe.xml")
    assert "secret" not in str(error.value).replace("secret.txt", "")
    assert str(error.value).startswith("xxe.xml:3: refused: EntitiesForbidden")


def test_the_external_dtd_of_a_pmc_article_is_not_needed() -> None:
    document = read(article(f"<p>Seen &#x003bb; {xref('r1', '1')}.</p>", refs(1)))
    assert document.paragraphs == ["Seen \u03bb 1."]


def test_a_root_that_is_not_an_article_is_refused() -> None:
    with pytest.raises(InputError) as error:
        parse_jats("<html><body/></html>", "page.xml")
    assert str(error.value) == "page.xml:1: <html> is not a JATS <article> or <pmc-articleset>"


SAMPLES = {
    # file: (references, with a PMID, with a DOI, cited references)
    "1471-2180-11-174.nxml": (64, 56, 50, 64),
    "1472-6831-8-11.nxml": (31, 25, 17, 31),
    "ehp-116-1694.nxml": (58, 52, 0, 58),
    "pone.0000217.nxml": (33, 26, 0, 33),
    "pone.0046493.nxml": (58, 44, 0, 58),
}


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_reference_identifier_and_citation(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    (document,) = parse_jats(text, name)
    references = document.references or []
    cited_numbers = {n for group in (document.citation_groups or []) for g in group for n in g.refs}
    assert (len(references), sum(bool(r.pmid) for r in references), sum(bool(r.doi) for r in references),
            len(cited_numbers)) == SAMPLES[name]
    assert text.count("<pub-id pub-id-type=\"pmid\">") == sum(bool(r.pmid) for r in references)
    assert document.warnings == []


@pytest.mark.parametrize("name", sorted(SAMPLES))
def test_every_sample_xref_is_linked_to_a_claim(name: str) -> None:
    text = (DATA / name).read_text(encoding="utf-8")
    (document,) = parse_jats(text, name)
    rid_numbers = {}
    for position, match in enumerate(re.finditer(r'<ref id="([^"]+)">', text), start=1):
        label = re.match(r"<label>(\d+)</label>", text[match.end():])
        rid_numbers[match.group(1)] = int(label.group(1)) if label else position
    xref_numbers = {rid_numbers[rid] for rid in re.findall(r'<xref[^>]*ref-type="bibr"[^>]*rid="([^"]+)"', text)
                    + re.findall(r'<xref[^>]*rid="([^"]+)"[^>]*ref-type="bibr"', text)}
    claims, _ = extract_claims(document.paragraphs, len(document.references or []), groups=document.citation_groups)
    assert xref_numbers <= {n for claim in claims for n in claim.refs}


def test_a_mixed_citation_tagging_only_its_identifiers_is_read_from_its_text_with_them() -> None:
    ref = ('<ref id="r1"><mixed-citation publication-type="journal">Korth\u00e4user U, Graf D. Defective expression'
           ' of T-cell CD40 ligand. Nature 1993; 361:539. <pub-id pub-id-type="pmid">8094231</pub-id>'
           "</mixed-citation></ref>")
    (reference,) = read(article("<p>x</p>", ref)).references or []
    assert (reference.authors[0].family, reference.container_title, reference.pmid, reference.origin) == (
        "Korth\u00e4user", "Nature", "8094231", "jats")


def test_a_group_after_et_al_is_part_of_its_sentence() -> None:
    body = f"<p>In dentistry, Reisine et al. [{xref('r1', '1')}] examined patients with a general measure.</p>"
    assert cited(read(article(body, refs(1)))) == [
        ("[1]", [1], "In dentistry, Reisine et al. [1] examined patients with a general measure.")
    ]


def test_elements_nested_absurdly_deep_are_refused_in_one_line() -> None:
    deep = "<article><body><p>" + "<italic>" * 5000 + "x" + "</italic>" * 5000 + "</p></body></article>"
    with pytest.raises(InputError) as error:
        parse_jats(deep, "deep.xml")
    assert str(error.value) == "deep.xml: elements nested more than 200 deep (a JATS article nests a few dozen)"


def test_a_citation_printed_without_punctuation_is_stored_as_a_readable_reference() -> None:
    document = parse_jats((DATA / "1471-2180-11-174.nxml").read_text(), "x.nxml")[0]
    assert (document.references or [])[0].raw == (
        "Avery SV. Microbial cell individuality and the underlying sources of heterogeneity. Nat Rev Microbiol."
        " 2006;4:577-587. doi:10.1038/nrmicro1460. PMID: 16845428."
    )


def test_an_element_citation_is_written_out_as_a_reference() -> None:
    (ref,) = read(article("<p>Text.</p>", refs(1))).references or []
    assert ref.raw == "Author1 A. Title 1. J Test. 2000."


def test_a_mixed_citation_keeps_its_printed_punctuation_with_spaces_between_tags() -> None:
    document = parse_jats((DATA / "pone.0046493.nxml").read_text(), "x.nxml")[0]
    assert (document.references or [])[0].raw == (
        "Chakroborty A (2011) Drug-resistant tuberculosis: an insurmountable epidemic? Inflammopharmacology 19:"
        " 131\u2013137 21127999"
    )


def test_an_xref_without_text_is_written_as_the_number_it_cites() -> None:
    body = f'<p>First {xref("r2", "")} and bracketed [{xref("r1", "")}].</p>'
    assert cited(read(article(body, refs(2)))) == [("[2]", [2], "First"), ("[1]", [1], "and bracketed")]


def test_a_ref_holding_several_citations_keeps_them_all_and_a_citation_of_it_cites_each() -> None:
    two = (
        '<ref id="r1"><label>1</label><mixed-citation>Doe J. First part. J Test. 2000;1:1-2.</mixed-citation>'
        "<mixed-citation>Roe R. Second part. J Test. 2001;2:3-4.</mixed-citation></ref>"
        '<ref id="r2"><label>2</label><mixed-citation>Poe P. Alone. J Test. 2002;3:5.</mixed-citation></ref>'
    )
    document = read(article(f"<p>Both parts [{xref('r1', '1')}], then [{xref('r2', '2')}].</p>", two))
    assert [(ref.number, ref.raw) for ref in document.references or []] == [
        (1, "Doe J. First part. J Test. 2000;1:1-2."), (2, "Poe P. Alone. J Test. 2002;3:5."),
        (3, "Roe R. Second part. J Test. 2001;2:3-4."),
    ]
    assert cited(document) == [("[1]", [1, 3], "Both parts"), ("[2]", [2], "then")]


def test_a_sub_article_adds_its_text_and_its_reference_list_numbered_after_the_article() -> None:
    sub = (
        '<sub-article article-type="reply" id="sa1"><front-stub><title-group><article-title>Author response'
        f'</article-title></title-group></front-stub><body><p>As shown [{xref("s1", "1")}].</p></body>'
        '<back><ref-list><ref id="s1"><label>1</label><element-citation publication-type="journal">'
        "<person-group><name><surname>Roe</surname><given-names>R</given-names></name></person-group>"
        "<article-title>Reply source</article-title><source>J Reply</source><year>2019</year></element-citation>"
        "</ref></ref-list></back></sub-article>"
    )
    text = article(f"<p>Main [{xref('r1', '1')}].</p>", refs(1)).replace("</back></article>", f"</back>{sub}</article>")
    document = read(text)
    assert [(ref.number, ref.raw) for ref in document.references or []] == [
        (1, "Author1 A. Title 1. J Test. 2000."), (2, "Roe R. Reply source. J Reply. 2019."),
    ]
    assert (document.paragraphs, document.sections) == (["Main [1].", "As shown [1]."], [None, "Author response"])
    assert cited(document) == [("[1]", [1], "Main"), ("[1]", [2], "As shown")]
