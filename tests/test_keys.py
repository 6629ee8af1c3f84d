"""Citation keys: readable, ASCII, stable and unique."""
from __future__ import annotations

from citetrace.citations.keys import assign_keys, base_key
from citetrace.citations.model import Author, Work
from citetrace.citations.normalize import fold_ascii
from export_fixtures import all_works, korthauer


def test_seed_reference_key():
    assert assign_keys([korthauer()]) == ["korthauer1993defective"]


def test_folding_drops_accents():
    assert fold_ascii("Korthäuer") == "korthauer"


def test_folding_spells_out_letters_without_decomposition():
    assert fold_ascii("Łøßæ") == "lossae"


def test_folding_drops_particles_spaces_and_apostrophes():
    assert fold_ascii("van der Burg") + fold_ascii("O'Brien") == "vanderburgobrien"


def test_stopwords_and_numbers_are_skipped_in_short_title():
    work = Work(title="The 2 faces of CD40", authors=[Author("Li", "X")], year=2001)
    assert base_key(work) == "li2001faces"


def test_hyphenated_title_word_is_one_word():
    work = Work(title="X-linked hyper-IgM", authors=[Author("Levy", "J")], year=1997)
    assert base_key(work) == "levy1997xlinked"


def test_missing_year_is_nd():
    assert base_key(Work(title="Defective CD40", authors=[Author("Durandy", "A")])) == "durandynddefective"


def test_missing_author_uses_title_word():
    assert base_key(Work(title="Defective CD40 ligand", year=1993)) == "defective1993"


def test_missing_author_and_title_is_anon():
    assert base_key(Work(year=1993)) == "anon1993"


def test_author_in_non_latin_script_falls_back_to_title_word():
    assert base_key(Work(title="Hyper-IgM in children", authors=[Author("王")], year=2020)) == "hyperigm2020"


def test_collisions_get_suffixes_in_pmid_order():
    later = Work(title="CD40 ligand", authors=[Author("Allen", "RC")], year=1993, pmid="8094232")
    earlier = Work(title="CD40 ligand", authors=[Author("Allen", "RC")], year=1993, pmid="8094231")
    assert assign_keys([later, earlier]) == ["allen1993cd40b", "allen1993cd40a"]


def test_collision_order_does_not_depend_on_input_order():
    works = [Work(title="CD40", authors=[Author("Allen")], year=1993, doi=f"10.1/{n}") for n in "cab"]
    assert assign_keys(list(reversed(works))) == list(reversed(assign_keys(works)))


def test_suffixed_key_skips_a_key_already_taken():
    taken = Work(title="B cells", authors=[Author("Smith")], year=2000)
    pair = [Work(authors=[Author("Smith")], year=2000, pmid="1"), Work(authors=[Author("Smith")], year=2000, pmid="2")]
    assert assign_keys([taken, *pair]) == ["smith2000b", "smith2000a", "smith2000c"]


def test_keys_of_fixture_set_are_unique_and_ascii():
    keys = assign_keys(all_works())
    assert len(set(keys)) == len(keys) and all(k.isascii() and k.isalnum() for k in keys)
