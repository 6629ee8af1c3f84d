"""Specification of the Manubot reader (ingest.readers.manubot) and of folders given as documents."""
from __future__ import annotations

import re
import shutil
from pathlib import Path

import sqlite_utils

from citetrace.ingest.readers.manubot import identifier_reference, read_manubot
from pandoc_oracle import pandoc_citations
from commands import run

DATA = Path(__file__).parent / "data"
MANUBOT = DATA / "manuscripts" / "manubot"


def test_the_numbered_files_are_one_manuscript_in_order() -> None:
    document = read_manubot(MANUBOT, [])
    assert (document.title, document.format, document.sections) == (
        "A hand-made Manubot manuscript on hyper-IgM syndromes", "markdown",
        ["Abstract", "Introduction", "Discussion"],
    )
    assert [c["name"] for c in document.contributors] == ["Ada Lovelace", "Charles Babbage"]


def test_every_citation_pandoc_finds_with_tags_resolved(tmp_path: Path) -> None:
    whole = "\n\n".join(p.read_text() for p in sorted(MANUBOT.glob("0*.md")))
    tag_line = re.compile(r"^\[@tag:[^\]]+\]:.*$", re.MULTILINE)
    (tmp_path / "all.md").write_text(tag_line.sub("", whole))
    expected = [[key.replace("tag:Ferrari2001", "pmid:11675497") for key in keys]
                for keys in pandoc_citations(tmp_path / "all.md", "markdown")]
    document = read_manubot(MANUBOT, [])
    assert [g.keys for paragraph in document.citation_groups or [] for g in paragraph] == expected


def test_identifier_keys_are_works_with_that_identifier() -> None:
    references = {r.key: r for r in read_manubot(MANUBOT, []).references or []}
    assert references["doi:10.1038/ni974"].doi == "10.1038/ni974"
    assert references["pmid:11675497"].pmid == "11675497"
    assert references["pmcid:PMC3166277"].pmcid == "PMC3166277"
    assert (references["arxiv:2101.00001"].type, references["arxiv:2101.00001"].title) == ("article", "arxiv:2101.00001")
    assert references["url:https://www.example.org/registry"].title == "The hyper-IgM registry"
    assert references["raw:winkelstein-manual"].year == 2003
    assert references["raw:nowhere"].flags == ["not-in-bibliography"]


def test_an_unknown_prefix_is_no_identifier() -> None:
    assert identifier_reference("smith2020") is None
    assert identifier_reference("doi:") is None


def test_a_manubot_folder_builds_with_its_keys_identified(tmp_path: Path) -> None:
    target = tmp_path / "library.db"
    result = run("build", str(MANUBOT), "--db", str(target), "--pubmed", "off")
    assert result.exit_code == 0, result.output
    db = sqlite_utils.Database(target)
    assert [tuple(r.values()) for r in db.query(
        "select number, key, match_status from citations order by number")] == [
        (1, "doi:10.1097/01.md.0000100046.06009.b0", "identified"), (2, "pmid:14663287", "identified"),
        (3, "pmid:11675497", "identified"), (4, "doi:10.1038/ni974", "identified"), (5, "arxiv:2101.00001", "pending"),
        (6, "url:https://www.example.org/registry", "pending"), (7, "pmcid:PMC3166277", "pending"),
        (8, "raw:winkelstein-manual", "pending"), (9, "raw:nowhere", "not_indexed"),
    ]
    assert [tuple(r.values()) for r in db.query("select count(*), sum(broken) from claim_citations")] == [(10, 0)]
    assert [tuple(r.values()) for r in db.query("select count(*) from works")] == [(9,)]


def test_any_other_folder_is_one_document_per_supported_file(tmp_path: Path) -> None:
    shutil.copy(DATA / "jats" / "pone.0000217.nxml", tmp_path)
    shutil.copytree(DATA / "manuscripts" / "latex", tmp_path / "latex")
    for name in ("main.tex", "refs.bib", "more.bib"):
        shutil.move(tmp_path / "latex" / name, tmp_path / name)
    shutil.move(tmp_path / "latex" / "sections", tmp_path / "sections")
    (tmp_path / "sections" / "methods.tex").rename(tmp_path / "methods-part.tex")
    (tmp_path / "main.tex").write_text((tmp_path / "main.tex").read_text().replace("sections/methods", "methods-part"))
    target = tmp_path / "library.db"
    result = run("build", str(tmp_path), "--db", str(target), "--pubmed", "off")
    assert result.exit_code == 0, result.output
    rows = sqlite_utils.Database(target).query("select path, format from documents order by id")
    assert [tuple(r.values()) for r in rows] == [("main.tex", "latex"), ("pone.0000217.nxml", "jats")]


def test_format_option_on_a_folder_applies_to_each_file(tmp_path: Path) -> None:
    shutil.copy(DATA / "jats" / "pone.0000217.nxml", tmp_path / "a.xml")
    result = run("build", str(tmp_path), "--format", "text", "--db", str(tmp_path / "x.db"), "--pubmed", "off")
    assert result.exit_code == 1
    assert result.stderr.startswith(f"Error: {tmp_path / 'a.xml'}")

