"""Specification of the reference training-data generator (scripts/build_reference_training_data.py): every
character of a rendered string knows its field, JATS strings keep their published form, damage is
reproducible, and held-out styles and articles never reach the training file."""
from __future__ import annotations

import json
import random
import shutil
import sys
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO / "scripts"))
pytest.importorskip("citeproc", reason="citeproc-py is a test extra")

import build_reference_training_data as generator  # noqa: E402

ITEM = {
    "id": "korthauer1993", "type": "article-journal",
    "author": [{"family": f"{generator.FAMILY_START}Korthäuer{generator.FAMILY_END}", "given": "Uwe"},
               {"family": f"{generator.FAMILY_START}de Saint Basile{generator.FAMILY_END}", "given": "G"}],
    "title": "Defective expression of T-cell CD40 ligand", "container-title": "Nature",
    "issued": {"date-parts": [[1993]]}, "volume": "361", "issue": "6412", "page": "539-541",
}


def _labelled(example: dict) -> list[tuple[str, str]]:
    return [(example["text"][start:end], label) for start, end, label in example["spans"]]


def _render(style: str) -> dict:
    [pairs] = generator.render_style(generator.STYLES / f"{style}.csl", [dict(ITEM)], None)
    return generator.example("test", "article-journal", pairs)


def test_numbered_style_rendering_labels_every_field_and_drops_the_number():
    example = _render("nlm-citation-sequence")
    assert example["text"] == (
        "Korthäuer U, de Saint Basile G. Defective expression of T-cell CD40 ligand. Nature. 1993;361(6412):539–41.")
    assert _labelled(example) == [
        ("Korthäuer", "AF"), (" ", "AO"), ("U", "AG"), (", ", "AO"), ("de Saint Basile", "AF"), (" ", "AO"),
        ("G", "AG"), ("Defective expression of T-cell CD40 ligand", "TI"), ("Nature", "CT"), ("1993", "DATE"),
        ("361", "VO"), ("6412", "IS"), ("539–41", "PG"),
    ]


def test_author_year_style_labels_initials_with_their_full_stops():
    example = _render("apa")
    assert example["text"].startswith("Korthäuer, U., & de Saint Basile, G. (1993).")
    assert _labelled(example)[:6] == [
        ("Korthäuer", "AF"), (", ", "AO"), ("U.", "AG"), (", & ", "AO"), ("de Saint Basile", "AF"), (", ", "AO"),
    ]


def test_jats_mixed_citation_keeps_its_published_punctuation():
    [(kind, pairs), *_] = generator.jats_examples(REPO / "tests" / "data" / "jats" / "pone.0046493.nxml")
    example = generator.example("jats", kind, pairs)
    assert example["text"] == ("Chakroborty A (2011) Drug-resistant tuberculosis: an insurmountable epidemic? "
                               "Inflammopharmacology 19: 131–137")
    assert _labelled(example) == [
        ("Chakroborty", "AF"), (" ", "AO"), ("A", "AG"), ("2011", "DATE"),
        ("Drug-resistant tuberculosis: an insurmountable epidemic?", "TI"), ("Inflammopharmacology", "CT"),
        ("19", "VO"), ("131–137", "PG"),
    ]


def test_tag_only_citation_is_laid_out_as_its_journal_prints_it():
    [(_, pairs), *_] = generator.jats_examples(REPO / "tests" / "data" / "jats" / "1471-2180-11-174.nxml")
    assert "".join(char for char, _ in pairs) == (
        "Avery SV: Microbial cell individuality and the underlying sources of heterogeneity. "
        "Nat Rev Microbiol 2006, 4:577-587.")


def test_damage_is_the_same_for_the_same_seed():
    pairs = [(char, "TI") for char in "Immunodeficiency with hyper-IgM"] + [(char, "O") for char in ". "]
    record = {"pmid": "1554497", "doi": "10.1000/xyz"}
    assert generator.damage(pairs, record, random.Random("a")) == generator.damage(pairs, record, random.Random("a"))


def test_held_out_styles_articles_and_records_never_reach_training(tmp_path, monkeypatch):
    styles = tmp_path / "styles"
    styles.mkdir()
    for name in ("apa", "nlm-citation-sequence", "cell"):
        shutil.copy(generator.STYLES / f"{name}.csl", styles)
    records = json.loads(generator.RECORDS.read_text(encoding="utf-8"))[:40]
    (tmp_path / "records.json").write_text(json.dumps(records), encoding="utf-8")
    monkeypatch.setattr(generator, "STYLES", styles)
    monkeypatch.setattr(generator, "RECORDS", tmp_path / "records.json")
    generator.build(tmp_path / "one")
    generator.build(tmp_path / "two")
    train = [json.loads(line) for line in (tmp_path / "one" / "train.jsonl").read_text(encoding="utf-8").splitlines()]
    test = [json.loads(line) for line in (tmp_path / "one" / "test.jsonl").read_text(encoding="utf-8").splitlines()]
    held_records = {r["pmid"] for r in records if generator.stable_fraction(r["pmid"]) < 0.2}
    assert not {e["group"] for e in train} & {"style:apa", "jats:pone.0046493", "jats:1471-2180-11-174"}
    assert {"style:apa", "jats:pone.0046493", "jats:1471-2180-11-174"} <= {e["group"] for e in test}
    held_titles = [r["title"].rstrip(".")[:50] for r in records if r["pmid"] in held_records]
    assert held_titles and not any(title in e["text"] for e in train for title in held_titles)
    assert (tmp_path / "one" / "train.jsonl").read_bytes() == (tmp_path / "two" / "train.jsonl").read_bytes()


def test_regenerated_training_data_has_the_checksums_the_committed_model_was_trained_on(tmp_path):
    """The committed model's record (citations/data/reference-crf.model.json) names the checksums of a stable sample
    of the data it was trained on (every style and JATS article, the first records); the generator, with the
    pinned tools of the `train` extra, makes that sample again (`make train-parser` and `--check` do the whole)."""
    from scripts.train_reference_model import RECORD, sample_checksums

    assert sample_checksums(tmp_path) == json.loads(RECORD.read_text(encoding="utf-8"))["sample"]
