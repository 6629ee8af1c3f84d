"""Properties of the reference parser: it never raises, and an NLM rendering of random fields parses back."""
from __future__ import annotations

from hypothesis import given, settings
from hypothesis import strategies as st

from citetrace.citations.references import parse_reference, parse_reference_list

MODEST = settings(max_examples=200, deadline=None)

JOURNALS = [
    "Proc Natl Acad Sci U S A", "N Engl J Med", "J Allergy Clin Immunol", "Biochim Biophys Acta",
    "Medicine (Baltimore)", "Blood", "Nature", "J Clin Invest", "Clin Immunol", "Pediatr Infect Dis J",
    "Am J Pediatr Hematol Oncol", "Immunol Allergy Clin North Am", "Ann N Y Acad Sci", "Lancet",
    "J Immunol", "Eur J Pediatr", "Bone Marrow Transplant", "Acta Paediatr", "BMJ", "JAMA",
]
TITLE_WORDS = [
    "hyper-IgM", "syndrome", "X-linked", "CD40", "ligand", "deficiency", "in", "of", "the", "with", "and",
    "patients", "(HIM)", "IgD-CD27(+)", "B-cell", "class-switch", "recombination", "79", "mutations:", "a",
    "review", "NF-kappaB", "type", "2", "children,", "AID", "T-cell", "1993-2002", "CD40/CD40L",
]
PARTICLES = ["de", "van", "van der", "von", "da", "di", "del", "Van den", "de Saint"]
LETTERS = "abcdefghijklmnopqrstuvwxyzäöüéèíóúñćčšžø"
UPPER = "ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÜÉÓŠŽ"
PUNCTUATION_SOUP = ".,;:()[]-–? 0123456789etalPMIDdoi:Epub Suppl"

word = st.builds(
    lambda first, rest: first + rest,
    st.sampled_from(UPPER),
    st.text(alphabet=LETTERS, min_size=1, max_size=9),
)
surname = st.one_of(
    word,
    st.builds(lambda a, b: f"{a}-{b}", word, word),
    st.builds(lambda a: f"O'{a}", word),
    st.builds(lambda p, a: f"{p} {a}", st.sampled_from(PARTICLES), word),
    st.builds(lambda a, b: f"{a} {b}", word, word),
)
initials = st.text(alphabet="ABCDEFGHIJKLMNOPQRSTUVWXYZ", min_size=1, max_size=3)
author = st.tuples(surname, initials)
title = st.builds(
    lambda first, rest, end: " ".join([first.capitalize(), *rest]) + end,
    st.sampled_from(TITLE_WORDS[:12]),
    st.lists(st.sampled_from(TITLE_WORDS), max_size=12),
    st.sampled_from([".", ".", "?"]),
)


@st.composite
def nlm_reference(draw):
    """Random fields and their NLM rendering, in UpToDate ("J 2003; 82:373.") or PubMed ("J. 2003;82(6):373-84.") form."""
    authors = draw(st.lists(author, min_size=1, max_size=6))
    et_al = draw(st.booleans())
    fields = {
        "authors": authors,
        "et_al": et_al,
        "title": draw(title),
        "journal": draw(st.sampled_from(JOURNALS)),
        "year": draw(st.integers(min_value=1950, max_value=2029)),
        "volume": str(draw(st.integers(min_value=1, max_value=2000))),
        "page": draw(st.one_of(
            st.integers(min_value=1, max_value=20000).map(str),
            st.builds(lambda a, b: f"{a}-{b}", st.integers(1, 999), st.integers(1, 99)),
            st.integers(1, 9999).map(lambda n: f"e{n}"),
        )),
        "issue": draw(st.one_of(st.none(), st.integers(1, 24).map(str))),
    }
    names = ", ".join(f"{family} {given}" for family, given in authors) + (", et al" if et_al else "")
    if draw(st.booleans()):
        issue = f"({fields['issue']})" if fields["issue"] else ""
        tail = f"{fields['journal']}. {fields['year']};{fields['volume']}{issue}:{fields['page']}."
    else:
        fields["issue"] = None
        tail = f"{fields['journal']} {fields['year']}; {fields['volume']}:{fields['page']}."
    return f"{names}. {fields['title']} {tail}", fields


@MODEST
@given(st.text())
def test_parse_reference_never_raises_on_arbitrary_text(text):
    ref = parse_reference(text, 1)
    assert ref.raw == text


@MODEST
@given(st.text(alphabet=PUNCTUATION_SOUP, max_size=120))
def test_parse_reference_never_raises_on_punctuation_and_digits(text):
    assert parse_reference(text, 1).raw == text


@MODEST
@given(st.lists(st.tuples(st.integers(1, 10_000), st.text(alphabet=PUNCTUATION_SOUP + "\n", max_size=60)), max_size=12))
def test_parse_reference_list_never_raises_and_names_a_line_in_every_warning(lines):
    references, warnings = parse_reference_list(lines)
    assert all(isinstance(warning, str) and warning.startswith("line ") for warning in warnings)
    assert all(ref.line in {number for number, _ in lines} for ref in references)


@MODEST
@given(st.lists(st.text(alphabet=PUNCTUATION_SOUP, min_size=1, max_size=60), max_size=12))
def test_parse_reference_list_keeps_every_numbered_entry(texts):
    lines = [(n, f"{n}. {text}") for n, text in enumerate(texts, start=1)]
    references, _ = parse_reference_list(lines)
    assert [(ref.number, ref.line) for ref in references] == [(n, n) for n, _ in lines]


@MODEST
@given(nlm_reference())
def test_nlm_rendering_parses_back_to_its_fields(case):
    text, fields = case
    ref = parse_reference(text, 1)
    assert [(a.family, a.given) for a in ref.authors] == fields["authors"]
    assert ref.et_al == fields["et_al"]
    expected_title = fields["title"] if fields["title"].endswith("?") else fields["title"][:-1]
    assert ref.title == expected_title
    assert (ref.container_title, ref.year, ref.volume, ref.issue, ref.page) == (
        fields["journal"], fields["year"], fields["volume"], fields["issue"], fields["page"],
    )
    assert ref.flags == []
