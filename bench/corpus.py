"""A deterministic corpus of review articles in the seed's layout, citing a shared pool of works.

Real reviews cite a skewed literature: a few landmark papers are cited by many reviews, most papers by one.
So each document draws its 40-150 references from one pool of works with Zipf-like popularity (weight
1/rank), and the pool's PubMed records are written as one PubmedArticleSet that the local source
(`--pubmed-xml`) and the E-utilities stand-in both read. Reference strings mix the variants the parser
supports (UpToDate and PubMed tails, et al cuts, particles, diacritics, DOIs and PMIDs in strings, books,
personal communications); bodies cite them with single markers, lists and ranges, in bulleted lists too.

Usage: `python -m bench.corpus OUT_DIR N [--seed S]` writes OUT_DIR/docs/*.txt and OUT_DIR/pool.xml.
"""
from __future__ import annotations

import argparse
import bisect
import itertools
import random
from dataclasses import dataclass, field
from html import escape
from pathlib import Path

SEED = 20161
PMID_BASE = 30_000_000
"""Above every PMID of the bundled snapshot, so pool records never collide with it."""

# (MedlineTA as cited, full journal title, first year of volume 1, uses electronic page numbers)
JOURNALS: list[tuple[str, str, int, bool]] = [
    ("Blood", "Blood", 1945, False),
    ("J Allergy Clin Immunol", "The Journal of allergy and clinical immunology", 1928, False),
    ("N Engl J Med", "The New England journal of medicine", 1828, False),
    ("Clin Immunol", "Clinical immunology (Orlando, Fla.)", 1998, False),
    ("J Clin Immunol", "Journal of clinical immunology", 1980, False),
    ("Proc Natl Acad Sci U S A", "Proceedings of the National Academy of Sciences of the United States of America",
     1914, False),
    ("J Exp Med", "The Journal of experimental medicine", 1808, False),
    ("Nat Immunol", "Nature immunology", 1999, False),
    ("J Immunol", "Journal of immunology (Baltimore, Md. : 1950)", 1850, False),
    ("Medicine (Baltimore)", "Medicine", 1921, False),
    ("Pediatrics", "Pediatrics", 1947, True),
    ("J Pediatr", "The Journal of pediatrics", 1931, False),
    ("Eur J Immunol", "European journal of immunology", 1970, False),
    ("JAMA", "JAMA", 1690, False),
    ("Ann Intern Med", "Annals of internal medicine", 1926, False),
    ("Clin Infect Dis", "Clinical infectious diseases", 1980, False),
    ("Pediatr Infect Dis J", "The Pediatric infectious disease journal", 1981, False),
    ("Br J Haematol", "British journal of haematology", 1800, False),
    ("J Clin Invest", "The Journal of clinical investigation", 1923, False),
    ("Am J Hematol", "American journal of hematology", 1975, False),
    ("Bone Marrow Transplant", "Bone marrow transplantation", 1967, False),
    ("Front Immunol", "Frontiers in immunology", 2009, True),
    ("Arthritis Rheumatol", "Arthritis & rheumatology (Hoboken, N.J.)", 1948, False),
    ("Ann Rheum Dis", "Annals of the rheumatic diseases", 1938, False),
    ("Gastroenterology", "Gastroenterology", 1942, False),
    ("Am J Respir Crit Care Med", "American journal of respiratory and critical care medicine", 1813, False),
    ("J Am Coll Cardiol", "Journal of the American College of Cardiology", 1982, False),
    ("Kidney Int", "Kidney international", 1971, False),
    ("Neurology", "Neurology", 1950, False),
    ("Ann Neurol", "Annals of neurology", 1976, False),
    ("Nat Genet", "Nature genetics", 1991, False),
    ("Am J Hum Genet", "American journal of human genetics", 1948, False),
    ("J Infect Dis", "The Journal of infectious diseases", 1903, False),
    ("Arch Dis Child", "Archives of disease in childhood", 1925, False),
    ("Lancet Infect Dis", "The Lancet. Infectious diseases", 2000, False),
    ("Cell", "Cell", 1973, False),
]
UNINDEXED_JOURNALS = ["Immunodefic Rev", "Curr Allergy Rep Asia", "Ann Clin Immunol Pract"]
"""Journals PubMed does not index: their articles are cited but have no record in the pool XML."""

SURNAMES = (
    "Notarangelo Durandy Fischer Ochs Puck Conley Stiehm Casanova Buckley Bonilla Geha Orange Sullivan "
    "Cunningham-Rundles Gennery Slatter Imai Nonoyama Kanegane Picard Gaspar Thrasher Bousfiha Al-Herz Chapel "
    "Seidel Grimbacher Warnatz Holland Milner Uzel Torgerson Wedgwood Leiding Pai Griffith Haddad Kuo Rosenzweig "
    "Chinn Shearer Smith Jones Wang Zhang Li Chen Liu Yang Kim Park Lee Nguyen Tanaka Suzuki Sato Kobayashi "
    "Müller Schäfer Köhler Döffinger Korthäuer Péron Gardès Hadzić Lähdesmäki Rákóczi Erdös Maródi Airò Pérez "
    "García-Martínez Núñez Gonçalves Sørensen Østergaard Ekström Pan-Hammarström Lopez-Granados Pedraza-Díaz "
    "O'Gorman O'Connor D'Souza McLauchlin MacGinnitie DiSanto DeKruyff Abraham Aghamohammadi Rezaei Parvaneh "
    "Karaca Kutukculer Ikincioğulları Reisli Sanal Tezcan Metin Rosen Marodi Kracker Revy Quartier Mahlaoui"
).split()
PARTICLE_SURNAMES = ["de Saint Basile", "de Vries", "van der Burg", "Van den Berg", "van Zelm", "de la Calle",
                     "von Bernuth", "da Silva", "Dos Santos", "ten Berge", "di Santo", "del Pino"]
FORENAMES = ("Luigi Anne Alain Hans Jennifer Richard Charles Raif Francisco Jordan Kathleen Charlotte Andrew Mary "
             "Kohsuke Shigeaki Capucine Hubert Adrian Aziz Waleed Helen Reinhold Bodo Klaus Steven Joshua Troy "
             "Sung-Yun Jennifer William Sergio Jolan Pierre Nizar Hamid Nima Necil Ozden Ilhan Yuki Wei Jun Li "
             "Marta Maria Ana Jose Elena Sofia Lars Ingrid Erik Nils Ole").split()
INSTITUTIONS = ["Harvard Medical School", "Hôpital Necker-Enfants Malades", "University of Brescia",
                "Great Ormond Street Hospital", "National Institutes of Health", "Karolinska Institutet"]
PUBLISHERS = [("Oxford University Press", "New York"), ("Elsevier Saunders", "Philadelphia"),
              ("Springer", "Berlin"), ("Lippincott Williams & Wilkins", "Philadelphia"), ("Wiley-Blackwell", "Oxford")]

CONDITIONS = ("hyper-IgM syndrome|X-linked agammaglobulinemia|common variable immunodeficiency|severe combined "
              "immunodeficiency|chronic granulomatous disease|Wiskott-Aldrich syndrome|DiGeorge syndrome|hereditary "
              "angioedema|selective IgA deficiency|ataxia-telangiectasia|hemophagocytic lymphohistiocytosis|"
              "autoimmune lymphoproliferative syndrome|STAT3 deficiency|CD40 ligand deficiency|activated PI3K delta "
              "syndrome|leukocyte adhesion deficiency|complement deficiency|NEMO deficiency|Omenn syndrome|"
              "IPEX syndrome|CTLA4 haploinsufficiency|Kawasaki disease|juvenile idiopathic arthritis|sarcoidosis").split("|")
SUBJECTS = ("class switch recombination|somatic hypermutation|B cell tolerance|T cell activation|regulatory T cells|"
            "neutrophil function|natural killer cells|dendritic cell maturation|interferon signaling|toll-like "
            "receptor signaling|immunoglobulin replacement|hematopoietic stem cell transplantation|gene therapy|"
            "newborn screening|antibody deficiency|opportunistic infection|bronchiectasis|granulomatous disease|"
            "autoimmune cytopenia|lymphoproliferation|malignancy risk|liver disease|cryptosporidiosis|vaccine "
            "responses|memory B cells|germinal center reaction|cytokine production|thymic output").split("|")
GENES = ("CD40LG AICDA UNG BTK CD40 IKBKG PIK3CD PIK3R1 STAT3 STAT1 CTLA4 LRBA FOXP3 RAG1 RAG2 ADA IL2RG JAK3 "
         "CYBB NCF1 WAS ATM TNFRSF13B ICOS NFKB2 IKZF1 CARD11 DOCK8 MAGT1 PRKCD XIAP SH2D1A").split()
SETTINGS = ("in Turkey|in Japan|in Sweden|in Brazil|in Iran|in France|in North America|in a tertiary referral "
            "center|over 20 years|at diagnosis|during pregnancy|after transplantation|in the neonatal period").split("|")
OPENERS = ("Clinical and immunologic features of|Long-term outcome of|Molecular analysis of|Mutations causing|"
           "Treatment of|Prevalence of|Genotype-phenotype correlation in|Diagnosis of|Defective|Impaired|"
           "Natural history of|A novel mutation causing|Functional characterisation of|Outcome after").split("|")
POPULATIONS = ("patients|children|adults|a large cohort|a multicenter cohort|two siblings|consanguineous "
               "families|a national registry|infants|carriers").split("|")
COUNTED = ["patients", "children", "adults", "infants", "carriers"]
DESIGNS = ("a retrospective study|a prospective cohort study|a randomized controlled trial|a case report|"
           "report of three cases|a systematic review|a single-center experience|a survey of the European "
           "experience|review of the literature|a meta-analysis").split("|")
PUBLICATION_TYPES = [("Journal Article", "D016428", 1.0), ("Review", "D016454", 0.18),
                     ("Case Reports", "D002363", 0.12), ("Randomized Controlled Trial", "D016449", 0.05),
                     ("Multicenter Study", "D016448", 0.08), ("Meta-Analysis", "D017418", 0.02),
                     ("Research Support, Non-U.S. Gov't", "D013485", 0.4)]
MESH = [("Humans", "D006801"), ("Child", "D002648"), ("Adult", "D000328"), ("Male", "D008297"),
        ("Female", "D005260"), ("Mutation", "D009154"), ("Immunoglobulin M", "D007075"),
        ("Immunologic Deficiency Syndromes", "D007153"), ("Hyper-IgM Immunodeficiency Syndrome", "D053306"),
        ("CD40 Ligand", "D018033"), ("B-Lymphocytes", "D001402"), ("T-Lymphocytes", "D013601"),
        ("Hematopoietic Stem Cell Transplantation", "D018380"), ("Immunoglobulin Class Switching", "D007134"),
        ("Cytidine Deaminase", "D003564"), ("Infant", "D007223"), ("Pedigree", "D010375"),
        ("Opportunistic Infections", "D009894"), ("Retrospective Studies", "D012189"), ("Prognosis", "D011379")]
QUALIFIERS = ["genetics", "immunology", "diagnosis", "therapy", "complications", "epidemiology", "pathology"]
ABSTRACT_RESULTS = [
    "{Condition} was characterized by defective {subject} in {share} of the {count} patients",
    "Recurrent infections were the first manifestation in {share} of the patients",
    "The estimated frequency of {condition} was about 1 in {rate} live births",
    "Immunoglobulin replacement reduced the rate of serious bacterial infections by {share}",
    "Hematopoietic stem cell transplantation was curative in {count} of the patients with {condition}",
    "Survival after transplantation improved over the study period",
    "Autoimmune cytopenias and arthritis developed in {share} of the patients",
    "Genetic testing confirmed {subject} defects in {count} families",
    "Malignancy developed in {count} adults during follow-up",
    "Cryptosporidium infection was associated with liver disease in {count} patients",
    "Serum IgM levels were normal or raised in {share} of the patients",
    "Flow cytometry showed absent protein expression after activation in most cases",
]
"""Result sentences of the pool's abstracts: some say what the reviews' claims (`SENTENCES`) say, in other words,
so a review citing the work is sometimes on point and sometimes not."""
ABSTRACT_SHARE = 0.6
"""Indexed works with an abstract, as in PubMed's older literature."""

SENTENCES = [
    "{Condition} is characterized by defective {subject} and recurrent infections",
    "Most patients present in early childhood with {subject} abnormalities",
    "The estimated frequency of {condition} is about 1 in 100,000 live births",
    "Defects in {subject} have been described in several families with {condition}",
    "Treatment with immunoglobulin replacement reduces the rate of serious bacterial infections",
    "Hematopoietic stem cell transplantation is curative in selected patients with {condition}",
    "Outcomes after transplantation have improved over the past two decades",
    "Autoimmune complications, including cytopenias and arthritis, are reported in a subset of patients",
    "The diagnosis rests on flow cytometry and genetic testing for {subject} defects",
    "Long-term follow-up shows an increased risk of malignancy in adults with {condition}",
    "Newborn screening allows the diagnosis of {condition} before the onset of infections",
    "Carriers are usually healthy, although skewed X chromosome inactivation has been reported",
    "Opportunistic infections, including Pneumocystis pneumonia, may be the first manifestation",
    "Liver disease associated with Cryptosporidium infection is a major cause of morbidity",
]
UNCITED = [
    "The clinical picture varies widely between patients.",
    "This topic review discusses the genetically determined forms in detail.",
    "Management is summarized in the algorithm below.",
]
TOPICS = ["Primary humoral immunodeficiencies: An overview", "Immunoglobulin genetics",
          "Laboratory evaluation of the immune system", "Hematopoietic cell transplantation for primary immunodeficiency"]
ASPECTS = ["Clinical manifestations and diagnosis", "Treatment and prognosis", "Pathogenesis", "Epidemiology",
           "Genetics", "An overview", "Management of infections", "Evaluation in children", "Evaluation in adults"]
EDITOR_ROLES = ["Section Editor", "Deputy Editor"]
DEGREES = ["MD", "MD, PhD", "MD, MS", "MBBS", "PhD"]

BOILERPLATE_TAIL = [
    "Subscribers log in here",
    "",
    "To continue reading this article, you must log in with your personal, hospital, or group practice "
    "subscription. For more information or to purchase a personal subscription, click below on the option that "
    "best describes you:",
    "Literature review current through: {through}. | This topic last updated: {updated}.",
    "The content on the UpToDate website is not intended nor recommended as a substitute for medical advice, "
    "diagnosis, or treatment. Always seek the advice of your own physician or other qualified health care "
    "professional regarding any medical questions or conditions. The use of this website is governed by the "
    "UpToDate Terms of Use ©2016 UpToDate, Inc.",
]
MONTHS = "Jan Feb Mar Apr May Jun Jul Aug Sep Oct Nov Dec".split()


@dataclass
class Person:
    family: str
    forename: str
    initials: str

    def cited(self) -> str:
        return f"{self.family} {self.initials}"


@dataclass
class PoolWork:
    """One work of the pool; `indexed` works have a PubMed record, books and unindexed journals do not."""

    rank: int
    kind: str
    title: str
    authors: list[Person]
    year: int
    journal: tuple[str, str, int, bool] | None = None
    volume: str = ""
    issue: str = ""
    first_page: str = ""
    last_page: str = ""
    doi: str | None = None
    pmid: str | None = None
    publication_types: list[tuple[str, str]] = field(default_factory=list)
    mesh: list[tuple[str, str, bool, list[str]]] = field(default_factory=list)
    abstract: list[tuple[str, str]] | None = None
    """Labelled sections of a structured abstract."""
    publisher: tuple[str, str] | None = None
    edition: str = ""

    @property
    def indexed(self) -> bool:
        return self.pmid is not None

    @property
    def pages(self) -> str:
        """NLM's abbreviated range ("373-84"), as PubMed's MedlinePgn and PubMed-style citations print it."""
        if not self.last_page:
            return self.first_page
        first, last = self.first_page, self.last_page
        prefix = first.rstrip("0123456789")
        digits_first, digits_last = first[len(prefix):], last[len(prefix):]
        common = 0
        while common < len(digits_first) - 1 and len(digits_first) == len(digits_last) and \
                digits_first[common] == digits_last[common]:
            common += 1
        return f"{first}-{digits_last[common:]}"


@dataclass
class Corpus:
    documents: list[Path]
    pool_xml: Path
    pool: list[PoolWork]
    cited_works: int
    """Distinct pool works cited by at least one document."""


def pool_size(documents: int) -> int:
    """The literature grows with the library: about 12 works per review, never fewer than 600."""
    return max(600, 12 * documents)


def _person(rng: random.Random) -> Person:
    family = rng.choice(PARTICLE_SURNAMES) if rng.random() < 0.05 else rng.choice(SURNAMES)
    forenames = [rng.choice(FORENAMES)]
    if rng.random() < 0.45:
        forenames.append(rng.choice("ABCDEFGHJKLMNPRST"))
    initials = "".join(name[0] for name in forenames).upper()
    return Person(family, " ".join(forenames), initials)


def _title(rng: random.Random, used: set[str]) -> str:
    while True:
        condition, subject, gene = rng.choice(CONDITIONS), rng.choice(SUBJECTS), rng.choice(GENES)
        shape = rng.random()
        if shape < 0.3:
            title = (f"{rng.choice(OPENERS)} {subject} in {rng.randint(2, 300)} {rng.choice(COUNTED)} with "
                     f"{gene}-related {condition}: {rng.choice(DESIGNS)}")
        elif shape < 0.55:
            title = f"{rng.choice(OPENERS)} {condition} {rng.choice(SETTINGS)}"
        elif shape < 0.75:
            title = f"{gene} variants and {subject} {rng.choice(SETTINGS)}"
        elif shape < 0.9:
            title = f"{subject.capitalize()} in {condition}: {rng.choice(DESIGNS)} {rng.choice(SETTINGS)}"
        else:
            title = f"Is {subject} impaired in {rng.choice(POPULATIONS)} with {gene} deficiency?"
        title = title[0].upper() + title[1:]
        if title not in used:
            used.add(title)
            return title


def build_pool(size: int, seed: int = SEED) -> list[PoolWork]:
    """`size` works in popularity order (rank 1 is cited most), the same for the same size and seed."""
    rng = random.Random(seed)
    used: set[str] = set()
    pool = []
    for rank in range(1, size + 1):
        kind = "book" if rng.random() < 0.02 else "article"
        count = max(1, min(12, int(rng.expovariate(1 / 5)) + 1))
        authors = [_person(rng) for _ in range(count)]
        year = rng.randint(1985, 2016)
        work = PoolWork(rank=rank, kind=kind, title=_title(rng, used), authors=authors, year=year)
        if kind == "book":
            work.publisher = rng.choice(PUBLISHERS)
            work.edition = rng.choice(["2nd", "3rd", "4th", "5th"])
            work.authors = authors[:3]
            pool.append(work)
            continue
        indexed = rng.random() >= 0.03
        journal = rng.choice(JOURNALS) if indexed else (rng.choice(UNINDEXED_JOURNALS), "", 1980, False)
        work.journal = journal
        work.volume = str(max(1, year - journal[2]))
        work.issue = str(rng.randint(1, 12))
        start = rng.randint(1, 6000)
        prefix = "e" if journal[3] else ""
        work.first_page = f"{prefix}{start}"
        work.last_page = "" if prefix else f"{start + rng.randint(2, 14)}"
        if rng.random() < 0.7:
            work.doi = f"10.{1000 + rng.randint(0, 8999)}/{journal[0].split()[0].lower()}.{year}.{rank:06d}"
        if indexed:
            work.pmid = str(PMID_BASE + rank * 7 + rng.randint(0, 6))
            work.publication_types = [(name, ui) for name, ui, share in PUBLICATION_TYPES if rng.random() < share]
            headings = rng.sample(MESH, rng.randint(3, 9))
            work.mesh = [(name, ui, rng.random() < 0.3, rng.sample(QUALIFIERS, rng.randint(0, 2)))
                         for name, ui in sorted(headings)]
            if rng.random() < ABSTRACT_SHARE:
                work.abstract = abstract_sections(work.title, random.Random(f"{seed}:abstract:{rank}"))
        pool.append(work)
    return pool


def abstract_sections(title: str, rng: random.Random) -> list[tuple[str, str]]:
    """A structured abstract (NLM labels) on the work's condition and subject: background, methods, two or three
    results drawn from `ABSTRACT_RESULTS`, conclusions."""
    lowered = title.lower()
    condition = next((c for c in CONDITIONS if c.lower() in lowered), rng.choice(CONDITIONS))
    subject = next((s for s in SUBJECTS if s in lowered), rng.choice(SUBJECTS))
    count = rng.randint(3, 300)
    values = {"condition": condition, "Condition": condition[0].upper() + condition[1:], "subject": subject,
              "count": count, "share": f"{rng.randint(5, 95)}%", "rate": f"{rng.randint(2, 900) * 1000:,}"}
    results = [sentence.format(**values) + "." for sentence in rng.sample(ABSTRACT_RESULTS, rng.randint(2, 3))]
    return [
        ("BACKGROUND", f"{values['Condition']} is a rare inborn error of immunity, and the role of {subject} in it "
                       "is not well understood."),
        ("METHODS", f"We studied {rng.choice(POPULATIONS)} with {condition}, {count} in all, {rng.choice(SETTINGS)}."),
        ("RESULTS", " ".join(results)),
        ("CONCLUSIONS", f"These findings support {rng.choice(['early', 'careful', 'genetic'])} evaluation of "
                        f"{subject} in {condition}."),
    ]


def _names(authors: list[Person], keep: int, cut_above: int) -> str:
    """A name list cut the way the style cuts it: above `cut_above` names, the first `keep` and "et al"."""
    if len(authors) > cut_above:
        return ", ".join(a.cited() for a in authors[:keep]) + ", et al"
    return ", ".join(a.cited() for a in authors)


def reference_string(work: PoolWork, rng: random.Random) -> str:
    """How a review cites `work`: UpToDate's form mostly, PubMed's form (with identifiers) sometimes."""
    title = work.title if work.title.endswith("?") else work.title + "."
    if work.kind == "book":
        names = _names(work.authors, 3, 4)
        publisher, place = work.publisher or PUBLISHERS[0]
        if rng.random() < 0.5:
            return f"{names}. {work.title}, {work.edition} ed, {publisher}, {place} {work.year}."
        return f"{names}. {title} {work.edition} ed. {place}: {publisher}; {work.year}."
    assert work.journal is not None
    journal = work.journal[0]
    if rng.random() < 0.7:
        return f"{_names(work.authors, 3, 4)}. {title} {journal} {work.year}; {work.volume}:{work.first_page}."
    text = f"{_names(work.authors, 6, 6)}. {title} {journal}. {work.year};{work.volume}({work.issue}):{work.pages}."
    if work.doi and rng.random() < 0.4:
        text += f" doi:{work.doi}."
    if work.pmid and rng.random() < 0.25:
        text += f" PMID: {work.pmid}."
    return text


def personal_communication(rng: random.Random) -> str:
    person = _person(rng)
    return f"{person.family} {person.initials[0]}, {rng.choice(INSTITUTIONS)}, {rng.randint(2005, 2016)}, personal communication."


class Popularity:
    """Zipf-like draws (weight 1/rank) over a pool, by bisection on cumulative weights."""

    def __init__(self, size: int, exponent: float = 1.0) -> None:
        self.cumulative = list(itertools.accumulate(1 / rank**exponent for rank in range(1, size + 1)))

    def draw(self, rng: random.Random, count: int) -> list[int]:
        """`count` distinct pool indexes, popular ones likelier."""
        chosen: dict[int, None] = {}
        total = self.cumulative[-1]
        while len(chosen) < count:
            chosen.setdefault(bisect.bisect_left(self.cumulative, rng.random() * total), None)
        return list(chosen)


def _marker(numbers: list[int]) -> str:
    """Runs of three or more as ranges ("[6-9]", "[2,5-8]"), other numbers listed, as reviews write them."""
    parts = []
    for _, run in itertools.groupby(enumerate(numbers), lambda pair: pair[1] - pair[0]):
        values = [value for _, value in run]
        parts += [f"{values[0]}-{values[-1]}"] if len(values) >= 3 else [str(value) for value in values]
    return "[" + ",".join(parts) + "]"


def _sentence(rng: random.Random, condition: str) -> str:
    return rng.choice(SENTENCES).format(condition=condition, Condition=condition[0].upper() + condition[1:],
                                        subject=rng.choice(SUBJECTS))


def body(rng: random.Random, reference_count: int, condition: str) -> list[str]:
    """Paragraphs citing every reference in order of first citation, with re-citations, ranges and lists."""
    paragraphs: list[str] = []
    next_new = 1
    while next_new <= reference_count:
        bulleted = rng.random() < 0.12
        sentences = []
        for _ in range(rng.randint(2, 5)):
            if rng.random() < 0.1:
                sentences.append(rng.choice(UNCITED))
                continue
            fresh = min(rng.choice([1, 1, 1, 2, 2, 3, 4]), reference_count - next_new + 1)
            numbers = list(range(next_new, next_new + fresh)) if fresh > 0 else []
            next_new += max(fresh, 0)
            if next_new > 3 and rng.random() < 0.25:
                numbers = sorted({*numbers, rng.randint(1, next_new - 1)})
            if not numbers:
                numbers = [rng.randint(1, reference_count)]
            text = _sentence(rng, condition)
            if rng.random() < 0.2 and len(numbers) > 1:
                split = len(numbers) // 2
                text = f"{text} {_marker(numbers[:split])}, and this was confirmed in later series {_marker(numbers[split:])}."
            else:
                text = f"{text} {_marker(numbers)}."
            if rng.random() < 0.05:
                text += f' (See "{rng.choice(TOPICS)}".)'
            sentences.append(text)
        if bulleted:
            paragraphs.append("The main features are:")
            paragraphs.extend("• " + sentence for sentence in sentences)
        else:
            paragraphs.append(" ".join(sentences))
    return paragraphs


def document_text(number: int, references: list[str], rng: random.Random) -> str:
    """One review in the seed's layout: reprint header, title, contributors, body, boilerplate, references."""
    condition = CONDITIONS[number % len(CONDITIONS)]
    aspect = ASPECTS[(number // len(CONDITIONS)) % len(ASPECTS)]
    title = f"{condition[0].upper() + condition[1:]}: {aspect}"
    if number >= len(CONDITIONS) * len(ASPECTS):
        title += f" (part {number // (len(CONDITIONS) * len(ASPECTS)) + 1})"
    author = _person(rng)
    lines = ["Official reprint from UpToDate®", "www.uptodate.com ©2016 UpToDate®", "", title, "",
             f"{author.forename} {author.family}, {rng.choice(DEGREES)}"]
    for role in EDITOR_ROLES:
        editor = _person(rng)
        lines += [role, f"{editor.forename} {editor.family}, {rng.choice(DEGREES)}"]
    lines += ["", ""]
    for paragraph in body(rng, len(references), condition):
        if paragraph.startswith("•"):
            lines[-1:] = [paragraph, ""]
        else:
            lines += [paragraph, "", ""]
    through = f"{rng.choice(MONTHS)} {rng.randint(2014, 2016)}"
    updated = f"{rng.choice(MONTHS)} {rng.randint(1, 28)}, {rng.randint(2012, 2016)}"
    lines += [line.format(through=through, updated=updated) for line in BOILERPLATE_TAIL]
    lines += [f"  {i}. {reference}" for i, reference in enumerate(references, 1)]
    return "\n".join(lines) + "\n"


def _xml(text: str) -> str:
    return escape(text, quote=False)


def pubmed_article(work: PoolWork) -> str:
    """The PubmedArticle of an indexed work, in the element order of pubmed_250101.dtd."""
    assert work.pmid and work.journal
    journal, full, _, _ = work.journal
    doi = f'\n        <ELocationID EIdType="doi" ValidYN="Y">{_xml(work.doi)}</ELocationID>' if work.doi else ""
    abstract = "\n        <Abstract>" + "".join(
        f'\n          <AbstractText Label="{label}" NlmCategory="{label}">{_xml(text)}</AbstractText>'
        for label, text in work.abstract
    ) + "\n        </Abstract>" if work.abstract else ""
    authors = "".join(
        f"\n          <Author ValidYN=\"Y\">\n            <LastName>{_xml(a.family)}</LastName>\n"
        f"            <ForeName>{_xml(a.forename)}</ForeName>\n            <Initials>{a.initials}</Initials>\n"
        f"          </Author>"
        for a in work.authors
    )
    types = "".join(f'\n          <PublicationType UI="{ui}">{_xml(name)}</PublicationType>'
                    for name, ui in work.publication_types)
    mesh = "".join(
        f'\n        <MeshHeading>\n          <DescriptorName UI="{ui}" MajorTopicYN="{"Y" if major else "N"}">'
        f"{_xml(name)}</DescriptorName>"
        + "".join(f'\n          <QualifierName MajorTopicYN="N">{q}</QualifierName>' for q in qualifiers)
        + "\n        </MeshHeading>"
        for name, ui, major, qualifiers in work.mesh
    )
    ids = f'\n        <ArticleId IdType="pubmed">{work.pmid}</ArticleId>'
    if work.doi:
        ids += f'\n        <ArticleId IdType="doi">{_xml(work.doi)}</ArticleId>'
    return f"""  <PubmedArticle>
    <MedlineCitation Status="MEDLINE" Owner="NLM">
      <PMID Version="1">{work.pmid}</PMID>
      <Article PubModel="Print">
        <Journal>
          <JournalIssue CitedMedium="Print">
            <Volume>{work.volume}</Volume>
            <Issue>{work.issue}</Issue>
            <PubDate>
              <Year>{work.year}</Year>
              <Month>{MONTHS[work.rank % 12]}</Month>
            </PubDate>
          </JournalIssue>
          <Title>{_xml(full)}</Title>
          <ISOAbbreviation>{_xml(journal)}</ISOAbbreviation>
        </Journal>
        <ArticleTitle>{_xml(work.title)}{"" if work.title.endswith("?") else "."}</ArticleTitle>
        <Pagination>
          <MedlinePgn>{work.pages}</MedlinePgn>
        </Pagination>{doi}{abstract}
        <AuthorList CompleteYN="Y">{authors}
        </AuthorList>
        <Language>eng</Language>
        <PublicationTypeList>{types}
        </PublicationTypeList>
      </Article>
      <MedlineJournalInfo>
        <Country>United States</Country>
        <MedlineTA>{_xml(journal)}</MedlineTA>
      </MedlineJournalInfo>
      <MeshHeadingList>{mesh}
      </MeshHeadingList>
    </MedlineCitation>
    <PubmedData>
      <ArticleIdList>{ids}
      </ArticleIdList>
    </PubmedData>
  </PubmedArticle>
"""


PUBMED_HEAD = (
    '<?xml version="1.0" encoding="UTF-8"?>\n'
    '<!DOCTYPE PubmedArticleSet PUBLIC "-//NLM//DTD PubMedArticle, 1st January 2025//EN" '
    '"https://dtd.nlm.nih.gov/ncbi/pubmed/out/pubmed_250101.dtd">\n'
)


def write_pool_xml(pool: list[PoolWork], path: Path) -> None:
    """Every indexed work of the pool as one PubmedArticleSet, in PMID order as a baseline file would be."""
    with path.open("w", encoding="utf-8") as out:
        out.write(PUBMED_HEAD + "<PubmedArticleSet>\n")
        for work in sorted((w for w in pool if w.indexed), key=lambda w: int(w.pmid or 0)):
            out.write(pubmed_article(work))
        out.write("</PubmedArticleSet>\n")


def generate(out_dir: Path, documents: int, seed: int = SEED, size: int | None = None) -> Corpus:
    """Write `documents` reviews to out_dir/docs and the pool's PubMed XML to out_dir/pool.xml."""
    out_dir = Path(out_dir)
    docs_dir = out_dir / "docs"
    docs_dir.mkdir(parents=True, exist_ok=True)
    for stale in docs_dir.glob("*.txt"):
        stale.unlink()
    pool = build_pool(size or pool_size(documents), seed)
    popularity = Popularity(len(pool))
    cited: set[int] = set()
    paths = []
    for number in range(documents):
        rng = random.Random(f"{seed}:{number}")
        chosen = popularity.draw(rng, rng.randint(40, 150))
        cited.update(chosen)
        references = [reference_string(pool[index], rng) for index in chosen]
        for _ in range(int(rng.random() < 0.35)):
            references.insert(rng.randint(0, len(references)), personal_communication(rng))
        path = docs_dir / f"review-{number + 1:04d}.txt"
        path.write_text(document_text(number, references, rng), encoding="utf-8")
        paths.append(path)
    pool_xml = out_dir / "pool.xml"
    write_pool_xml(pool, pool_xml)
    return Corpus(paths, pool_xml, pool, len(cited))


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("out_dir", type=Path)
    parser.add_argument("documents", type=int)
    parser.add_argument("--seed", type=int, default=SEED)
    args = parser.parse_args()
    corpus = generate(args.out_dir, args.documents, args.seed)
    print(f"{len(corpus.documents)} documents citing {corpus.cited_works} of {len(corpus.pool)} pool works; "
          f"{corpus.pool_xml}")


if __name__ == "__main__":
    main()
