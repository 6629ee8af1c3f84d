"""The local PubMed source keeps its index beside the response cache: reused while the XML files are unchanged,
rebuilt when they change, moved aside when unreadable, and answering exactly as an index built in memory."""
from __future__ import annotations

import gzip
import os
import pickle
from pathlib import Path

import pytest

import citetrace.ingest.pubmed.local as local
from citetrace.ingest.pubmed import index_file
from citetrace.ingest.pubmed.local import LocalPubmedSource, bundled_snapshot
from citetrace.ingest.pubmed.protocol import CitationQuery, SearchQuery
from citetrace.ingest.pubmed.records import iter_raw_records, open_xml
from scripts.snapshot_facts import snapshot_xml

DATA = Path(__file__).parent / "data"
FILES = [bundled_snapshot(), DATA / "medline16n0902.xml.gz", DATA / "test_current_medline.xml.gz"]
NATURE = CitationQuery("nature", "Nature", "1993", "361", "541", "DiSanto JP")


def no_rescan(*_: object) -> None:
    raise AssertionError("the XML files were read again")


def test_each_record_offset_points_at_its_bytes_across_read_blocks() -> None:
    data = gzip.decompress((DATA / "medline16n0902.xml.gz").read_bytes())
    with open_xml(DATA / "medline16n0902.xml.gz") as stream:
        records = list(iter_raw_records(stream))
    assert len(data) > 3 * (1 << 20) and len(records) > 100
    assert all(data[r.offset:r.offset + len(r.xml)] == r.xml for r in records)


def test_an_unchanged_file_is_answered_from_the_stored_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    first = LocalPubmedSource(FILES, index_folder=tmp_path)
    assert first.citation_match([NATURE]) == {"nature": ["8094231"]}
    assert [p.suffix for p in tmp_path.iterdir()] == [".pickle"]
    monkeypatch.setattr(local, "iter_raw_records", no_rescan)
    second = LocalPubmedSource(FILES, index_folder=tmp_path)
    assert second.citation_match([NATURE]) == {"nature": ["8094231"]}
    assert second.fetch(["8094231"])["8094231"].journal == "Nature"


def test_a_changed_file_rebuilds_the_stored_index_in_place(tmp_path: Path) -> None:
    update = tmp_path / "update.xml"
    update.write_bytes(snapshot_xml([{"pmid": "8094231", "title": "First title", "journal_iso": "Nature",
                                      "volume": "361", "pages": "541-3"}]))
    folder = tmp_path / "cache"
    assert LocalPubmedSource([update], index_folder=folder).fetch(["8094231"])["8094231"].title == "First title"
    update.write_bytes(snapshot_xml([{"pmid": "8094231", "title": "A second, longer title", "journal_iso": "Nature",
                                      "volume": "361", "pages": "541-3"}]))
    again = LocalPubmedSource([update], index_folder=folder)
    assert again.search([SearchQuery("k", ("second", "longer", "title"))]) == ["8094231"]
    assert again.fetch(["8094231"])["8094231"].title == "A second, longer title"
    assert len(list(folder.iterdir())) == 1


def test_a_changed_format_version_rebuilds_the_stored_index(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    LocalPubmedSource(FILES, index_folder=tmp_path).citation_match([NATURE])
    monkeypatch.setattr(local, "INDEX_FORMAT", local.INDEX_FORMAT + 1)
    monkeypatch.setattr(local, "iter_raw_records", no_rescan)
    with pytest.raises(AssertionError, match="read again"):
        LocalPubmedSource(FILES, index_folder=tmp_path).citation_match([NATURE])


def wrong_fields(stored: bytes) -> bytes:
    """The right stamp over fields the index does not have."""
    return pickle.dumps(pickle.loads(stored)) + pickle.dumps({"pmids": [], "extra": 1})


@pytest.mark.parametrize("damage", [lambda _: b"not a pickle at all", lambda stored: stored[: len(stored) // 2],
                                    lambda _: pickle.dumps(os.system), wrong_fields],
                         ids=["garbage", "cut-short", "planted-code", "wrong-fields"])
def test_an_unreadable_stored_index_is_moved_aside_and_rebuilt(tmp_path: Path, damage) -> None:
    LocalPubmedSource(FILES, index_folder=tmp_path).citation_match([NATURE])
    (stored,) = tmp_path.iterdir()
    content = damage(stored.read_bytes())
    stored.write_bytes(content)
    warnings: list[str] = []
    source = LocalPubmedSource(FILES, index_folder=tmp_path, warn=warnings.append)
    assert source.citation_match([NATURE]) == {"nature": ["8094231"]}
    names = sorted(p.name for p in tmp_path.iterdir())
    assert len(names) == 2 and names[0] == stored.name and names[1].startswith(f"{stored.name}.corrupt-")
    assert (tmp_path / names[1]).read_bytes() == content
    assert len(warnings) == 1 and "not a readable PubMed index" in warnings[0] and "moved to" in warnings[0]


def test_a_stale_stamp_is_not_corruption(tmp_path: Path) -> None:
    LocalPubmedSource(FILES, index_folder=tmp_path).citation_match([NATURE])
    (stored,) = tmp_path.iterdir()
    stored.write_bytes(pickle.dumps(["old"]) + pickle.dumps({}))
    warnings: list[str] = []
    assert LocalPubmedSource(FILES, index_folder=tmp_path, warn=warnings.append).citation_match([NATURE]) \
        == {"nature": ["8094231"]}
    assert warnings == [] and [p.name for p in tmp_path.iterdir()] == [stored.name]


def test_an_unwritable_folder_costs_only_the_rebuild(tmp_path: Path) -> None:
    blocked = tmp_path / "a-file"
    blocked.write_text("")
    warnings: list[str] = []
    source = LocalPubmedSource(FILES, index_folder=blocked / "cache", warn=warnings.append)
    assert source.citation_match([NATURE]) == {"nature": ["8094231"]}
    assert len(warnings) == 1 and "cannot store the PubMed index" in warnings[0]


def test_answers_are_the_same_with_and_without_the_stored_index(tmp_path: Path) -> None:
    LocalPubmedSource(FILES, index_folder=tmp_path).citation_match([NATURE])
    stored = LocalPubmedSource(FILES, index_folder=tmp_path)
    memory = LocalPubmedSource(FILES)
    queries = [NATURE, CitationQuery("dotted", "Restor Neurol Neurosci", "2007", "25", "195"),
               CitationQuery("none", "Cell", "1993", "361", "541")]
    searches = [SearchQuery("a", ("cd40", "ligand", "mutations", "immunodeficiency"), "", "1994"),
                SearchQuery("b", ("back", "pain"), "", ""), SearchQuery("d", doi="10.1038/361541A0")]
    assert stored.citation_match(queries) == memory.citation_match(queries)
    assert stored.search(searches) == memory.search(searches) != []
    pmids = [str(p) for p in memory.index.pmids if p]
    assert len(pmids) > 100
    assert stored.fetch(pmids) == memory.fetch(pmids)


def test_writing_an_index_deletes_those_of_pools_that_are_gone_or_changed(tmp_path: Path) -> None:
    folder, pools = tmp_path / "cache", tmp_path / "pools"
    pools.mkdir()
    gone, changed, kept = (pools / name for name in ("gone.xml", "changed.xml", "kept.xml"))
    for path in (gone, changed, kept):
        path.write_bytes(bundled_snapshot().read_bytes())
        LocalPubmedSource([path], index_folder=folder).citation_match([NATURE])
    old_format = folder / "pubmed-index-0000000000000000.pickle"
    old_format.write_bytes(pickle.dumps({"stamp": [1, []], "fields": {}}))
    gone.unlink()
    changed.write_bytes(changed.read_bytes() + b"\n")
    names = {path: index_file.index_path(folder, [path]).name for path in (gone, changed, kept)}
    LocalPubmedSource(FILES, index_folder=folder).citation_match([NATURE])
    assert sorted(p.name for p in folder.iterdir()) == sorted(
        [names[kept], index_file.index_path(folder, FILES).name])
