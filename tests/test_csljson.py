"""CSL-JSON export: valid against the CSL data schema, with the fields Zotero and Pandoc read."""
from __future__ import annotations

import json
from pathlib import Path

import jsonschema

from citetrace.citations.csljson import works_to_csl
from citetrace.citations.keys import assign_keys
from citetrace.citations.model import Work
from export_fixtures import all_works, et_al_cut, korthauer, personal_communication

SCHEMA = json.loads((Path(__file__).parent / "data" / "csl-data.json").read_text(encoding="utf-8"))


def _csl(works: list[Work]) -> list[dict]:
    return works_to_csl(works, assign_keys(works))


def test_fixture_export_validates_against_csl_schema():
    jsonschema.validate(_csl(all_works()), SCHEMA)


def test_schema_rejects_an_item_without_type():
    errors = list(jsonschema.Draft7Validator(SCHEMA).iter_errors([{"id": "x"}]))
    assert [e.message for e in errors] == ["'type' is a required property"]


def test_seed_article_item():
    (item,) = _csl([korthauer()])
    assert {k: item[k] for k in ("id", "type", "container-title", "issued", "volume", "issue", "page", "DOI", "PMID")} == {
        "id": "korthauer1993defective",
        "type": "article-journal",
        "container-title": "Nature",
        "issued": {"date-parts": [[1993, 2, 11]]},
        "volume": "361",
        "issue": "6412",
        "page": "539-541",
        "DOI": "10.1038/361539a0",
        "PMID": "7679206",
    }


def test_authors_as_family_and_given():
    (item,) = _csl([korthauer()])
    assert item["author"][:2] == [{"family": "Korthäuer", "given": "Ulf"}, {"family": "Graf", "given": "Daniel"}]


def test_cut_author_list_flagged_in_custom():
    (item,) = _csl([et_al_cut()])
    assert item["custom"] == {"source": "cited", "et-al": True}


def test_erratum_in_note():
    (item,) = _csl([korthauer()])
    assert item["note"] == "Erratum in: Nature 1993 Apr 8;362(6420):574"


def test_personal_communication_item():
    (item,) = _csl([personal_communication()])
    assert item == {
        "id": "durandy2005",
        "type": "personal_communication",
        "author": [{"family": "Durandy", "given": "A."}],
        "issued": {"date-parts": [[2005]]},
        "genre": "Personal communication",
        "note": "Hôpital Necker-Enfants Malades, Paris",
        "custom": {"source": "cited"},
    }


def test_unknown_work_type_becomes_document():
    (item,) = works_to_csl([Work(type="letter")], ["anonnd"])
    assert item["type"] == "document"
