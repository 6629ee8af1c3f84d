"""Specification of the NLM/Vancouver reference parser (citations.references) and its CSL-JSON mapping."""
from __future__ import annotations

from pathlib import Path

import pytest

from citetrace.citations.reference_csl import reference_to_csl
from citetrace.citations.references import parse_reference, parse_reference_list

SEED = Path(__file__).resolve().parent.parent / "ingest" / "data" / "hyper-igm-syndromes.txt"

# (number, authors as (family, given), et al, title, journal, year, volume, first page) for every
# journal article of the seed's reference list; 69 is a personal communication, tested on its own.
SEED_ARTICLES = [
    (1, (('Notarangelo', 'LD'), ('Duse', 'M'), ('Ugazio', 'AG')), False, 'Immunodeficiency with hyper-IgM (HIM)', 'Immunodefic Rev', 1992, '3', '101'),
    (2, (('Kracker', 'S'), ('Gardes', 'P'), ('Mazerolles', 'F'), ('Durandy', 'A')), False, 'Immunoglobulin class switch recombination deficiencies', 'Clin Immunol', 2010, '135', '193'),
    (3, (('Davies', 'EG'), ('Thrasher', 'AJ')), False, 'Update on the hyper immunoglobulin M syndromes', 'Br J Haematol', 2010, '149', '167'),
    (4, (('Ameratunga', 'R'), ('Woon', 'ST'), ('Koopmans', 'W'), ('French', 'J')), False, 'Cellular and molecular characterisation of the hyper immunoglobulin M syndrome associated with congenital rubella infection', 'J Clin Immunol', 2009, '29', '99'),
    (5, (('Winkelstein', 'JA'), ('Marino', 'MC'), ('Ochs', 'H')), True, 'The X-linked hyper-IgM syndrome: clinical and immunologic features of 79 patients', 'Medicine (Baltimore)', 2003, '82', '373'),
    (6, (('Ferrari', 'S'), ('Giliani', 'S'), ('Insalaco', 'A')), True, 'Mutations of CD40 gene cause an autosomal recessive form of immunodeficiency with hyper IgM', 'Proc Natl Acad Sci U S A', 2001, '98', '12614'),
    (7, (('Kutukculer', 'N'), ('Moratto', 'D'), ('Aydinok', 'Y')), True, 'Disseminated cryptosporidium infection in an infant with hyper-IgM syndrome caused by CD40 deficiency', 'J Pediatr', 2003, '142', '194'),
    (8, (('Mazzolari', 'E'), ('Lanzi', 'G'), ('Forino', 'C')), True, 'First report of successful stem cell transplantation in a child with CD40 deficiency', 'Bone Marrow Transplant', 2007, '40', '279'),
    (9, (('Lanzi', 'G'), ('Ferrari', 'S'), ('Vihinen', 'M')), True, 'Different molecular behavior of CD40 mutants causing hyper-IgM syndrome', 'Blood', 2010, '116', '5867'),
    (10, (('Imai', 'K'), ('Slupphaug', 'G'), ('Lee', 'WI')), True, 'Human uracil-DNA glycosylase deficiency associated with profoundly impaired immunoglobulin class-switch recombination', 'Nat Immunol', 2003, '4', '1023'),
    (11, (('Stavnezer', 'J'), ('Guikema', 'JE'), ('Schrader', 'CE')), False, 'Mechanism and regulation of class switch recombination', 'Annu Rev Immunol', 2008, '26', '261'),
    (12, (('Elgueta', 'R'), ('Benson', 'MJ'), ('de Vries', 'VC')), True, 'Molecular mechanism and function of CD40/CD40L engagement in the immune system', 'Immunol Rev', 2009, '229', '152'),
    (13, (('Revy', 'P'), ('Muto', 'T'), ('Levy', 'Y')), True, 'Activation-induced cytidine deaminase (AID) deficiency causes the autosomal recessive form of the Hyper-IgM syndrome (HIGM2)', 'Cell', 2000, '102', '565'),
    (14, (('Péron', 'S'), ('Metin', 'A'), ('Gardès', 'P')), True, 'Human PMS2 deficiency is associated with impaired immunoglobulin class switch recombination', 'J Exp Med', 2008, '205', '2465'),
    (15, (('Maul', 'RW'), ('Gearhart', 'PJ')), False, 'AID and somatic hypermutation', 'Adv Immunol', 2010, '105', '159'),
    (16, (('Korthäuer', 'U'), ('Graf', 'D'), ('Mages', 'HW')), True, 'Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with hyper-IgM', 'Nature', 1993, '361', '539'),
    (17, (('Allen', 'RC'), ('Armitage', 'RJ'), ('Conley', 'ME')), True, 'CD40 ligand gene defects responsible for X-linked hyper-IgM syndrome', 'Science', 1993, '259', '990'),
    (18, (('Aruffo', 'A'), ('Farrington', 'M'), ('Hollenbaugh', 'D')), True, 'The CD40 ligand, gp39, is defective in activated T cells from patients with X-linked hyper-IgM syndrome', 'Cell', 1993, '72', '291'),
    (19, (('DiSanto', 'JP'), ('Bonnefoy', 'JY'), ('Gauchat', 'JF')), True, 'CD40 ligand mutations in x-linked immunodeficiency with hyper-IgM', 'Nature', 1993, '361', '541'),
    (20, (('Fuleihan', 'R'), ('Ramesh', 'N'), ('Loh', 'R')), True, 'Defective expression of the CD40 ligand in X chromosome-linked immunoglobulin deficiency with normal or elevated IgM', 'Proc Natl Acad Sci U S A', 1993, '90', '2170'),
    (21, (('Meyers', 'G'), ('Ng', 'YS'), ('Bannock', 'JM')), True, 'Activation-induced cytidine deaminase (AID) is required for B-cell tolerance in humans', 'Proc Natl Acad Sci U S A', 2011, '108', '11554'),
    (22, (('Jain', 'A'), ('Ma', 'CA'), ('Liu', 'S')), True, 'Specific missense mutations in NEMO result in hyper-IgM syndrome with hypohydrotic ectodermal dysplasia', 'Nat Immunol', 2001, '2', '223'),
    (23, (('Hanson', 'EP'), ('Monaco-Shawver', 'L'), ('Solt', 'LA')), True, 'Hypomorphic nuclear factor-kappaB essential modulator mutation database and reconstitution system identifies phenotypic and immunologic diversity', 'J Allergy Clin Immunol', 2008, '122', '1169'),
    (24, (('Döffinger', 'R'), ('Smahi', 'A'), ('Bessia', 'C')), True, 'X-linked anhidrotic ectodermal dysplasia with immunodeficiency is caused by impaired NF-kappaB signaling', 'Nat Genet', 2001, '27', '277'),
    (25, (('Pan-Hammarström', 'Q'), ('Lähdesmäki', 'A'), ('Zhao', 'Y')), True, 'Disparate roles of ATR and ATM in immunoglobulin class switch recombination and somatic hypermutation', 'J Exp Med', 2006, '203', '99'),
    (26, (('de Saint Basile', 'G'), ('Tabone', 'MD'), ('Durandy', 'A')), True, 'CD40 ligand expression deficiency in a female carrier of the X-linked hyper-IgM syndrome as a result of X chromosome lyonization', 'Eur J Immunol', 1999, '29', '367'),
    (27, (('Imai', 'K'), ('Shimadzu', 'M'), ('Kubota', 'T')), True, 'Female hyper IgM syndrome type 1 with a chromosomal translocation disrupting CD40LG', 'Biochim Biophys Acta', 2006, '1762', '335'),
    (28, (('Kasahara', 'Y'), ('Kaneko', 'H'), ('Fukao', 'T')), True, 'Hyper-IgM syndrome with putative dominant negative mutation in activation-induced cytidine deaminase', 'J Allergy Clin Immunol', 2003, '112', '755'),
    (29, (('Imai', 'K'), ('Zhu', 'Y'), ('Revy', 'P')), True, 'Analysis of class switch recombination and somatic hypermutation in patients affected with autosomal dominant hyper-IgM syndrome type 2', 'Clin Immunol', 2005, '115', '277'),
    (30, (('Imai', 'K'), ('Catalan', 'N'), ('Plebani', 'A')), True, 'Hyper-IgM syndrome type 4 with a B lymphocyte-intrinsic selective deficiency in Ig class-switch recombination', 'J Clin Invest', 2003, '112', '136'),
    (31, (('Levy', 'J'), ('Espanol-Boren', 'T'), ('Thomas', 'C')), True, 'Clinical spectrum of X-linked hyper-IgM syndrome', 'J Pediatr', 1997, '131', '47'),
    (32, (('Aghamohammadi', 'A'), ('Parvaneh', 'N'), ('Rezaei', 'N')), True, 'Clinical and laboratory findings in hyper-IgM syndrome with novel CD40L and AICDA mutations', 'J Clin Immunol', 2009, '29', '769'),
    (33, (('Simon', 'G'), ('Simon', 'G'), ('Erdös', 'M'), ('Maródi', 'L')), False, 'Invasive Cryptococcus laurentii disease in a nine-year-old boy with X-linked hyper-immunoglobulin M syndrome', 'Pediatr Infect Dis J', 2005, '24', '935'),
    (34, (('Yong', 'PF'), ('Post', 'FA'), ('Gilmour', 'KC')), True, 'Cerebral toxoplasmosis in a middle-aged man as first presentation of primary immunodeficiency due to a hypomorphic mutation in the CD40 ligand gene', 'J Clin Pathol', 2008, '61', '1220'),
    (35, (('Suzuki', 'H'), ('Takahashi', 'Y'), ('Miyajima', 'H')), False, 'Progressive multifocal leukoencephalopathy complicating X-linked hyper-IgM syndrome in an adult', 'Intern Med', 2006, '45', '1187'),
    (36, (('Aschermann', 'Z'), ('Gomori', 'E'), ('Kovacs', 'GG')), True, 'X-linked hyper-IgM syndrome associated with a rapid course of multifocal leukoencephalopathy', 'Arch Neurol', 2007, '64', '273'),
    (37, (('Hayward', 'AR'), ('Levy', 'J'), ('Facchetti', 'F')), True, 'Cholangiopathy and tumors of the pancreas, liver, and biliary tree in boys with X-linked immunodeficiency with hyper-IgM', 'J Immunol', 1997, '158', '977'),
    (38, (('Erdos', 'M'), ('Garami', 'M'), ('Rákóczi', 'E')), True, 'Neuroendocrine carcinoma associated with X-linked hyper-immunoglobulin M syndrome: report of four cases and review of the literature', 'Clin Immunol', 2008, '129', '455'),
    (39, (('Filipovich', 'AH'), ('Mathur', 'A'), ('Kamat', 'D')), True, 'Lymphoproliferative disorders and other tumors complicating immunodeficiencies', 'Immunodeficiency', 1994, '5', '91'),
    (40, (('Lopez-Granados', 'E'), ('Temmerman', 'ST'), ('Wu', 'L')), True, 'Osteopenia in X-linked hyper-IgM syndrome reveals a regulatory role for CD40 ligand in osteoclastogenesis', 'Proc Natl Acad Sci U S A', 2007, '104', '5056'),
    (41, (('Minegishi', 'Y'), ('Lavoie', 'A'), ('Cunningham-Rundles', 'C')), True, 'Mutations in activation-induced cytidine deaminase in patients with hyper IgM syndrome', 'Clin Immunol', 2000, '97', '203'),
    (42, (('Quartier', 'P'), ('Bustamante', 'J'), ('Sanal', 'O')), True, 'Clinical, immunologic and genetic analysis of 29 patients with autosomal recessive hyper-IgM syndrome due to Activation-Induced Cytidine Deaminase deficiency', 'Clin Immunol', 2004, '110', '22'),
    (43, (('Agematsu', 'K'), ('Nagumo', 'H'), ('Shinozaki', 'K')), True, 'Absence of IgD-CD27(+) memory B cell population in X-linked hyper-IgM syndrome', 'J Clin Invest', 1998, '102', '853'),
    (44, (('Puga', 'I'), ('Cols', 'M'), ('Cerutti', 'A')), False, 'Innate signals in mucosal immunoglobulin class switching', 'J Allergy Clin Immunol', 2010, '126', '889'),
    (45, (('Lee', 'WI'), ('Torgerson', 'TR'), ('Schumacher', 'MJ')), True, 'Molecular analysis of a large cohort of patients with the hyper immunoglobulin M (IgM) syndrome', 'Blood', 2005, '105', '1881'),
    (46, (('Jain', 'A'), ('Kovacs', 'JA'), ('Nelson', 'DL')), True, 'Partial immune reconstitution of X-linked hyper IgM syndrome with recombinant CD40 ligand', 'Blood', 2011, '118', '3811'),
    (47, (('Jain', 'A'), ('Atkinson', 'TP'), ('Lipsky', 'PE')), True, 'Defects of T-cell effector function and post-thymic maturation in X-linked hyper-IgM syndrome', 'J Clin Invest', 1999, '103', '1151'),
    (48, (('DeKruyff', 'RH'), ('Gieni', 'RS'), ('Umetsu', 'DT')), False, 'Antigen-driven but not lipopolysaccharide-driven IL-12 production in macrophages requires triggering of CD40', 'J Immunol', 1997, '158', '359'),
    (49, (('Facchetti', 'F'), ('Appiani', 'C'), ('Salvi', 'L')), True, 'Immunohistologic analysis of ineffective CD40-CD40 ligand interaction in lymphoid tissues from patients with X-linked immunodeficiency with hyper-IgM. Abortive germinal center cell reaction and severe depletion of follicular dendritic cells', 'J Immunol', 1995, '154', '6624'),
    (50, (('Cabral-Marques', 'O'), ('Arslanian', 'C'), ('Ramos', 'RN')), True, 'Dendritic cells from X-linked hyper-IgM patients present impaired responses to Candida albicans and Paracoccidioides brasiliensis', 'J Allergy Clin Immunol', 2012, '129', '778'),
    (51, (('Fontana', 'S'), ('Moratto', 'D'), ('Mangal', 'S')), True, 'Functional defects of dendritic cells in patients with CD40 deficiency', 'Blood', 2003, '102', '4099'),
    (52, (('Brugnoni', 'D'), ('Airò', 'P'), ('Graf', 'D')), True, 'Ontogeny of CD40L expression by activated peripheral blood lymphocytes in humans', 'Immunol Lett', 1996, '49', '27'),
    (53, (('Gilmour', 'KC'), ('Walshe', 'D'), ('Heath', 'S')), True, 'Immunological and genetic analysis of 65 patients with a clinical suspicion of X linked hyper-IgM', 'Mol Pathol', 2003, '56', '256'),
    (54, (('Bonilla', 'FA'), ('Geha', 'RS')), False, 'CD154 deficiency and related syndromes', 'Immunol Allergy Clin North Am', 2001, '21', '65'),
    (55, (('Seyama', 'K'), ('Nonoyama', 'S'), ('Gangsaas', 'I')), True, 'Mutations of the CD40 ligand gene and its effect on CD40 ligand expression in patients with X-linked hyper IgM syndrome', 'Blood', 1998, '92', '2421'),
    (56, (('Notarangelo', 'LD'), ('Peitsch', 'MC'), ('Abrahamsen', 'TG')), True, 'CD40lbase: a database of CD40L gene mutations causing X-linked hyper-IgM syndrome', 'Immunol Today', 1996, '17', '511'),
    (57, (('Chou', 'J'), ('Hanna-Wakim', 'R'), ('Tirosh', 'I')), True, 'A novel homozygous mutation in recombination activating gene 2 in 2 relatives with different clinical phenotypes: Omenn syndrome and hyper-IgM syndrome', 'J Allergy Clin Immunol', 2012, '130', '1414'),
    (58, (('Deau', 'MC'), ('Heurtier', 'L'), ('Frange', 'P')), True, 'A human immunodeficiency caused by mutations in the PIK3R1 gene', 'J Clin Invest', 2014, '124', '3923'),
    (59, (('Lucas', 'CL'), ('Zhang', 'Y'), ('Venida', 'A')), True, 'Heterozygous splice mutation in PIK3R1 causes human immunodeficiency with lymphoproliferation due to dominant activation of PI3K', 'J Exp Med', 2014, '211', '2537'),
    (60, (('Farrington', 'M'), ('Grosmaire', 'LS'), ('Nonoyama', 'S')), True, 'CD40 ligand expression is defective in a subset of patients with common variable immunodeficiency', 'Proc Natl Acad Sci U S A', 1994, '91', '1099'),
    (61, (('Brugnoni', 'D'), ('Airò', 'P'), ('Lebovitz', 'M')), True, 'CD4+ cells from patients with Common Variable Immunodeficiency have a reduced ability of CD40 ligand membrane expression after in vitro stimulation', 'Pediatr Allergy Immunol', 1996, '7', '176'),
    (62, (("O'Gorman", 'MR'), ('Zaas', 'D'), ('Paniagua', 'M')), True, 'Development of a rapid whole blood flow cytometry procedure for the diagnosis of X-linked hyper-IgM syndrome patients and carriers', 'Clin Immunol Immunopathol', 1997, '85', '172'),
    (63, (('Wang', 'WC'), ('Cordoba', 'J'), ('Infante', 'AJ'), ('Conley', 'ME')), False, 'Successful treatment of neutropenia in the hyper-immunoglobulin M syndrome with granulocyte colony-stimulating factor', 'Am J Pediatr Hematol Oncol', 1994, '16', '160'),
    (64, (('Gennery', 'AR'), ('Khawaja', 'K'), ('Veys', 'P')), True, 'Treatment of CD40 ligand deficiency by hematopoietic stem cell transplantation: a survey of the European experience, 1993-2002', 'Blood', 2004, '103', '1152'),
    (65, (('Gennery', 'AR'), ('Slatter', 'MA'), ('Grandin', 'L')), True, 'Transplantation of hematopoietic stem cells and long-term survival for primary immunodeficiencies in Europe: entering a new century, do we do better?', 'J Allergy Clin Immunol', 2010, '126', '602'),
    (66, (('Tomizawa', 'D'), ('Imai', 'K'), ('Ito', 'S')), True, 'Allogeneic hematopoietic stem cell transplantation for seven children with X-linked hyper-IgM syndrome: a single center experience', 'Am J Hematol', 2004, '76', '33'),
    (67, (('McLauchlin', 'J'), ('Amar', 'CF'), ('Pedraza-Díaz', 'S')), True, 'Polymerase chain reaction-based diagnosis of infection with Cryptosporidium in children with primary immunodeficiencies', 'Pediatr Infect Dis J', 2003, '22', '329'),
    (68, (('Hadzić', 'N'), ('Pagliuca', 'A'), ('Rela', 'M')), True, 'Correction of the hyper-IgM syndrome after liver and bone marrow transplantation', 'N Engl J Med', 2000, '342', '320'),
    (70, (('Karaca', 'NE'), ('Durandy', 'A'), ('Gulez', 'N')), True, 'Study of patients with Hyper-IgM type IV phenotype who recovered spontaneously during late childhood and review of the literature', 'Eur J Pediatr', 2011, '170', '1039'),
]


def _people(ref) -> list[tuple[str, str | None]]:
    return [(author.family, author.given) for author in ref.authors]


@pytest.fixture(scope="module")
def seed_references():
    lines = list(enumerate(SEED.read_text(encoding="utf-8").splitlines(), start=1))
    block = [(number, text) for number, text in lines if number >= 31]
    return parse_reference_list(block)


def test_seed_list_has_70_references_numbered_in_order_without_warnings(seed_references):
    references, warnings = seed_references
    assert [ref.number for ref in references] == list(range(1, 71))
    assert warnings == []


def test_seed_references_keep_their_file_line(seed_references):
    references, _ = seed_references
    assert [ref.line for ref in references] == list(range(31, 101))


@pytest.mark.parametrize("expected", SEED_ARTICLES, ids=lambda row: f"ref-{row[0]}")
def test_seed_article_parses_exactly(seed_references, expected):
    number, authors, et_al, title, journal, year, volume, first_page = expected
    ref = seed_references[0][number - 1]
    assert ref.type == "article-journal"
    assert (tuple(_people(ref)), ref.et_al, ref.title, ref.container_title, ref.year, ref.volume, ref.first_page) == (
        authors, et_al, title, journal, year, volume, first_page,
    )
    assert "unparsed" not in ref.flags


def test_seed_personal_communication(seed_references):
    ref = seed_references[0][68]
    assert ref.type == "personal_communication"
    assert _people(ref) == [("Notarangelo", "L")]
    assert (ref.year, ref.institution, ref.container_title, ref.title) == (2012, "Harvard Medical School", None, None)


def test_seed_raw_is_the_entry_text_without_its_number(seed_references):
    ref = seed_references[0][0]
    assert ref.raw == "Notarangelo LD, Duse M, Ugazio AG. Immunodeficiency with hyper-IgM (HIM). Immunodefic Rev 1992; 3:101."


# --- names -------------------------------------------------------------------------------------


def test_surname_particles_stay_in_the_family_name():
    ref = parse_reference(
        "de Saint Basile G, de Vries VC, van der Burg M, Van den Berg JM. A title. Eur J Immunol 1999; 29:367.", 1
    )
    assert _people(ref) == [("de Saint Basile", "G"), ("de Vries", "VC"), ("van der Burg", "M"), ("Van den Berg", "JM")]


def test_hyphens_apostrophes_and_diacritics_in_surnames():
    ref = parse_reference("Pan-Hammarström Q, Hadzić N, O'Gorman MR. A title. N Engl J Med 2000; 342:320.", 1)
    assert _people(ref) == [("Pan-Hammarström", "Q"), ("Hadzić", "N"), ("O'Gorman", "MR")]


def test_name_suffix_is_kept_with_the_initials():
    ref = parse_reference("Smith J Jr, Jones K. A title. Blood 2001; 98:1.", 1)
    assert _people(ref) == [("Smith", "J Jr"), ("Jones", "K")]


def test_et_al_with_full_stop():
    ref = parse_reference("Ochs H, Smith J, et al. A title. Blood 2001; 98:1.", 1)
    assert (_people(ref), ref.et_al, ref.title) == ([("Ochs", "H"), ("Smith", "J")], True, "A title")


def test_et_al_without_full_stop():
    ref = parse_reference("Ochs H, Smith J, et al The X-linked hyper-IgM syndrome. Blood 2001; 98:1.", 1)
    assert (_people(ref), ref.et_al, ref.title) == ([("Ochs", "H"), ("Smith", "J")], True, "The X-linked hyper-IgM syndrome")


def test_group_author():
    ref = parse_reference("American Academy of Pediatrics. Hepatitis B vaccine. Pediatrics 2001; 108:1.", 1)
    assert [(a.family, a.given, a.collective) for a in ref.authors] == [("American Academy of Pediatrics", None, True)]
    assert (ref.title, ref.container_title, ref.volume, ref.page) == ("Hepatitis B vaccine", "Pediatrics", "108", "1")


def test_no_authors_title_first():
    ref = parse_reference("Immunodeficiency with hyper-IgM (HIM). Immunodefic Rev 1992; 3:101.", 1)
    assert (ref.authors, ref.title, ref.container_title) == ([], "Immunodeficiency with hyper-IgM (HIM)", "Immunodefic Rev")


def test_title_first_with_group_word_is_not_an_author():
    ref = parse_reference("Report of the Working Group. Pediatrics 2001; 108:1.", 1)
    assert (ref.authors, ref.title, ref.container_title) == ([], "Report of the Working Group", "Pediatrics")


# --- titles and journals -----------------------------------------------------------------------


def test_title_with_inner_full_stop_stays_whole():
    ref = parse_reference(
        "Facchetti F, Appiani C, Salvi L, et al. Immunohistologic analysis of ineffective CD40-CD40 ligand interaction "
        "in lymphoid tissues from patients with X-linked immunodeficiency with hyper-IgM. Abortive germinal center cell "
        "reaction and severe depletion of follicular dendritic cells. J Immunol 1995; 154:6624.",
        49,
    )
    assert ref.title == (
        "Immunohistologic analysis of ineffective CD40-CD40 ligand interaction in lymphoid tissues from patients with "
        "X-linked immunodeficiency with hyper-IgM. Abortive germinal center cell reaction and severe depletion of "
        "follicular dendritic cells"
    )
    assert ref.container_title == "J Immunol"


def test_title_ending_in_question_mark_keeps_it():
    ref = parse_reference("Gennery AR, Slatter MA. Entering a new century, do we do better? J Allergy Clin Immunol 2010; 126:602.", 65)
    assert (ref.title, ref.container_title) == ("Entering a new century, do we do better?", "J Allergy Clin Immunol")


def test_corrected_note_is_taken_out_of_the_title_and_flagged():
    raw = "Brugnoni D, Airò P, Graf D, et al. Ontogeny of CD40L [corrected] expression by activated peripheral blood lymphocytes in humans. Immunol Lett 1996; 49:27."
    ref = parse_reference(raw, 52)
    assert ref.title == "Ontogeny of CD40L expression by activated peripheral blood lymphocytes in humans"
    assert (ref.editorial_notes, ref.flags, ref.raw) == (["[corrected]"], ["corrected"], raw)


@pytest.mark.parametrize(
    "journal", ["Proc Natl Acad Sci U S A", "N Engl J Med", "J Allergy Clin Immunol", "Biochim Biophys Acta", "Medicine (Baltimore)"]
)
def test_multiword_journal_names_stay_intact(journal):
    ref = parse_reference(f"Smith J. Absence of IgD-CD27(+) memory B cells: a study. {journal} 2001; 98:12614.", 1)
    assert (ref.title, ref.container_title) == ("Absence of IgD-CD27(+) memory B cells: a study", journal)


def test_title_with_year_range_and_comma():
    ref = parse_reference("Gennery AR. A survey of the European experience, 1993-2002. Blood 2004; 103:1152.", 1)
    assert (ref.title, ref.container_title, ref.year) == ("A survey of the European experience, 1993-2002", "Blood", 2004)


# --- publication tails -------------------------------------------------------------------------


def test_pubmed_form_with_issue_and_page_range():
    ref = parse_reference(
        "Winkelstein JA, Marino MC, Ochs H, et al. The X-linked hyper-IgM syndrome. Medicine (Baltimore). 2003;82(6):373-84.", 5
    )
    assert (ref.container_title, ref.year, ref.volume, ref.issue, ref.page, ref.first_page) == (
        "Medicine (Baltimore)", 2003, "82", "6", "373-84", "373",
    )


def test_uptodate_form_journal_with_parentheses():
    ref = parse_reference("Winkelstein JA, Marino MC, Ochs H, et al. The X-linked hyper-IgM syndrome. Medicine (Baltimore) 2003; 82:373.", 5)
    assert (ref.container_title, ref.year, ref.volume, ref.issue, ref.page) == ("Medicine (Baltimore)", 2003, "82", None, "373")


def test_month_and_day_in_date():
    ref = parse_reference("Smith J. A trial. Pediatrics. 2010 Mar 15;125(3):e1234.", 1)
    assert (ref.year, ref.month, ref.day, ref.volume, ref.issue) == (2010, "Mar", 15, "125", "3")


def test_electronic_page_number():
    ref = parse_reference("Smith J. A trial. Pediatrics. 2010;125(3):e1234.", 1)
    assert (ref.page, ref.first_page) == ("e1234", "e1234")


def test_supplement_in_parentheses():
    ref = parse_reference("Smith J. Guidelines. J Allergy Clin Immunol. 2008;122(Suppl 2):S1-10.", 1)
    assert (ref.volume, ref.issue, ref.supplement, ref.page) == ("122", None, "Suppl 2", "S1-10")


def test_supplement_after_volume():
    ref = parse_reference("Smith J. Guidelines. J Allergy Clin Immunol 2008; 122 Suppl 2:S1.", 1)
    assert (ref.volume, ref.issue, ref.supplement, ref.page) == ("122", None, "Suppl 2", "S1")


def test_issue_with_supplement():
    ref = parse_reference("Smith J. Guidelines. J Allergy Clin Immunol. 2008;122(6 Suppl 1):S1-10.", 1)
    assert (ref.volume, ref.issue, ref.supplement) == ("122", "6", "Suppl 1")


def test_year_only_tail():
    ref = parse_reference("Smith J. Early release. Lancet 2016.", 1)
    assert (ref.title, ref.container_title, ref.year, ref.volume, ref.page) == ("Early release", "Lancet", 2016, None, None)


def test_in_press_article():
    ref = parse_reference("Smith J. Accepted work. Lancet. In press.", 1)
    assert (ref.title, ref.container_title, ref.year, ref.flags) == ("Accepted work", "Lancet", None, ["in-press"])


# --- identifiers -------------------------------------------------------------------------------


def test_doi_with_colon_and_no_space():
    ref = parse_reference("Smith J. A trial. Blood. 2010;116(1):1-10. doi:10.1000/xyz.", 1)
    assert (ref.doi, ref.page) == ("10.1000/xyz", "1-10")


def test_doi_with_space_pmid_and_pmcid():
    ref = parse_reference(
        "Smith J. A trial. Blood. 2010;116(1):1-10. doi: 10.1182/blood-2010-01-1234. PMID: 12345678. PMCID: PMC123456.", 1
    )
    assert (ref.doi, ref.pmid, ref.pmcid, ref.page, ref.container_title) == (
        "10.1182/blood-2010-01-1234", "12345678", "PMC123456", "1-10", "Blood",
    )


def test_epub_date():
    ref = parse_reference("Smith J. A trial. Blood. 2010 Mar;116(1):1-10. Epub 2010 Jan 5.", 1)
    assert (ref.epub, ref.year, ref.month, ref.page) == ("2010 Jan 5", 2010, "Mar", "1-10")


def test_epub_ahead_of_print_is_flagged():
    ref = parse_reference("Smith J. A trial. Blood. 2010 Mar 3. [Epub ahead of print]", 1)
    assert (ref.container_title, ref.year, ref.day, ref.flags) == ("Blood", 2010, 3, ["epub-ahead-of-print"])


def test_doi_url():
    ref = parse_reference("Smith J. A trial. Blood. 2010;116:1. https://doi.org/10.1182/blood.2010.", 1)
    assert ref.doi == "10.1182/blood.2010"


# --- other types -------------------------------------------------------------------------------


def test_personal_communication():
    ref = parse_reference("Notarangelo L, Harvard Medical School, 2012, personal communication.", 69)
    assert ref.type == "personal_communication"
    assert (_people(ref), ref.year, ref.institution, ref.container_title) == ([("Notarangelo", "L")], 2012, "Harvard Medical School", None)


def test_unpublished_data_is_a_manuscript():
    ref = parse_reference("Smith J, unpublished data.", 3)
    assert (ref.type, _people(ref)) == ("manuscript", [("Smith", "J")])


def test_book():
    ref = parse_reference("Smith J, Jones K. Clinical immunology. 3rd ed. London: Elsevier; 2010.", 1)
    assert ref.type == "book"
    assert (_people(ref), ref.title, ref.edition, ref.publisher_place, ref.publisher, ref.year) == (
        [("Smith", "J"), ("Jones", "K")], "Clinical immunology", "3rd", "London", "Elsevier", 2010,
    )


def test_edited_book_with_abbreviated_place():
    ref = parse_reference("Jones A, editor. Textbook of immunology. St. Louis: Mosby; 2005.", 1)
    assert (ref.type, ref.authors, [(e.family, e.given) for e in ref.editors]) == ("book", [], [("Jones", "A")])
    assert (ref.title, ref.publisher_place, ref.publisher) == ("Textbook of immunology", "St. Louis", "Mosby")


def test_chapter_nlm_form():
    ref = parse_reference(
        "Smith J. Hyper-IgM. In: Jones K, Brown L, editors. Primary immunodeficiencies. 2nd ed. "
        "Oxford: Oxford University Press; 2010. p. 12-20.",
        1,
    )
    assert ref.type == "chapter"
    assert (_people(ref), [(e.family, e.given) for e in ref.editors]) == ([("Smith", "J")], [("Jones", "K"), ("Brown", "L")])
    assert (ref.title, ref.container_title, ref.edition, ref.publisher_place, ref.publisher, ref.year, ref.page) == (
        "Hyper-IgM", "Primary immunodeficiencies", "2nd", "Oxford", "Oxford University Press", 2010, "12-20",
    )


def test_chapter_uptodate_form():
    ref = parse_reference(
        "Notarangelo LD. Hyper-IgM syndromes. In: Primary Immunodeficiency Diseases, 3rd ed, Ochs HD, Smith CIE, "
        "Puck JM (Eds), Oxford University Press, New York 2014. p.321.",
        1,
    )
    assert ref.type == "chapter"
    assert [(e.family, e.given) for e in ref.editors] == [("Ochs", "HD"), ("Smith", "CIE"), ("Puck", "JM")]
    assert (ref.title, ref.container_title, ref.edition, ref.publisher, ref.publisher_place, ref.year, ref.page) == (
        "Hyper-IgM syndromes", "Primary Immunodeficiency Diseases", "3rd", "Oxford University Press", "New York", 2014, "321",
    )


def test_book_uptodate_form():
    ref = parse_reference(
        "Stiehm ER, Ochs HD, Winkelstein JA. Immunologic Disorders in Infants and Children, 5th ed, Elsevier Saunders, Philadelphia 2004.", 1
    )
    assert (ref.type, ref.title, ref.edition, ref.publisher, ref.publisher_place, ref.year) == (
        "book", "Immunologic Disorders in Infants and Children", "5th", "Elsevier Saunders", "Philadelphia", 2004,
    )


# --- unparsed input ----------------------------------------------------------------------------


def test_text_that_is_not_a_reference_is_kept_and_flagged():
    ref = parse_reference("see the website for details", 7, line=12)
    assert (ref.number, ref.line, ref.raw, "unparsed" in ref.flags) == (7, 12, "see the website for details", True)


def test_a_string_no_rule_reads_is_labelled_field_by_field():
    ref = parse_reference("Smith J, Jones K (2011) A talk given at the annual meeting of the Society.", 7)
    assert (ref.flags, _people(ref), ref.title, ref.year) == (
        ["labelled"], [("Smith", "J"), ("Jones", "K")], "A talk given at the annual meeting of the Society", 2011)


def test_empty_string_is_unparsed():
    assert parse_reference("", 1).flags == ["unparsed"]


def test_long_pathological_input_is_kept_unparsed():
    ref = parse_reference("A, B: c; " * 400 + "1999; 1:1" + " ." * 400, 1)
    assert (ref.flags, ref.authors, ref.title, ref.year) == (["unparsed"], [], None, None)


# --- reference lists ---------------------------------------------------------------------------


def test_list_joins_continuation_lines_and_skips_blank_lines():
    refs, warnings = parse_reference_list(
        [(10, "  1. Smith J. A long title that"), (11, "    wraps. Blood 2001; 98:1."), (12, ""), (13, "  2. Jones K. Other. Cell 2000; 1:2.")]
    )
    assert [(r.number, r.line, r.title) for r in refs] == [(1, 10, "A long title that wraps"), (2, 13, "Other")]
    assert warnings == []


def test_list_joins_a_hyphen_wrapped_word_without_a_space():
    refs, _ = parse_reference_list([(1, "1. Smith J. The hyper-"), (2, "IgM syndrome. Blood 2001; 98:1.")])
    assert refs[0].title == "The hyper-IgM syndrome"


def test_list_accepts_parenthesis_and_bracket_numbers():
    refs, warnings = parse_reference_list([(1, "1) Smith J. A. Blood 2001; 98:1."), (2, "[2] Jones K. B. Cell 2000; 1:2.")])
    assert ([r.number for r in refs], warnings) == ([1, 2], [])


def test_list_warns_about_a_missing_number():
    refs, warnings = parse_reference_list([(41, "2. Smith J. A. Blood 2001; 98:1."), (42, "4. Jones K. B. Cell 2000; 1:2.")])
    assert [r.number for r in refs] == [2, 4]
    assert warnings == ["line 41: reference number 1 missing (list starts at 2)",
                        "line 42: reference number 3 missing (2 is followed by 4)"]


def test_list_warns_about_several_missing_numbers():
    _, warnings = parse_reference_list([(1, "1. Smith J. A. Blood 2001; 98:1."), (2, "5. Jones K. B. Cell 2000; 1:2.")])
    assert warnings == ["line 2: reference numbers 2-4 missing (1 is followed by 5)"]


def test_list_keeps_both_entries_of_a_repeated_number():
    refs, warnings = parse_reference_list(
        [(42, "1. Smith J. A. Blood 2001; 98:1."), (43, "2. Jones K. B. Cell 2000; 1:2."), (44, "2. Brown L. C. Cell 2001; 2:3.")]
    )
    assert [(r.number, r.container_title, r.flags) for r in refs] == [
        (1, "Blood", []), (2, "Cell", []), (2, "Cell", ["duplicate-number"])
    ]
    assert refs[2].raw == "Brown L. C. Cell 2001; 2:3."
    assert warnings == ["line 44: reference number 2 repeated"]


def test_list_warns_about_a_number_out_of_order():
    _, warnings = parse_reference_list(
        [(1, "1. A J. T. Blood 2001; 1:1."), (2, "3. B J. T. Blood 2001; 1:1."), (3, "2. C J. T. Blood 2001; 1:1.")]
    )
    assert warnings == [
        "line 2: reference number 3 out of order (follows 1; 2 comes later)", "line 3: reference number 2 out of order (follows 3)"
    ]


def test_list_reads_a_wrapped_line_starting_with_a_year_as_continuation():
    refs, _ = parse_reference_list([(1, "1. Smith J. A title. Blood"), (2, "2001. 98:1.")])
    assert [r.number for r in refs] == [1]
    assert refs[0].raw == "Smith J. A title. Blood 2001. 98:1."


def test_list_reports_text_before_the_first_number():
    refs, warnings = parse_reference_list([(5, "References"), (6, "1. Smith J. A. Blood 2001; 98:1.")])
    assert ([r.number for r in refs], warnings) == ([1], ["line 5: text before the first reference number"])


# --- CSL-JSON ----------------------------------------------------------------------------------


def test_csl_item_for_a_seed_article():
    raw = "Korthäuer U, Graf D, Mages HW, et al. Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with hyper-IgM. Nature 1993; 361:539."
    assert reference_to_csl(parse_reference(raw, 16)) == {
        "id": "ref-16",
        "citation-number": 16,
        "type": "article-journal",
        "author": [{"family": "Korthäuer", "given": "U"}, {"family": "Graf", "given": "D"}, {"family": "Mages", "given": "HW"}],
        "et-al": True,
        "title": "Defective expression of T-cell CD40 ligand causes X-linked immunodeficiency with hyper-IgM",
        "container-title": "Nature",
        "issued": {"date-parts": [[1993]]},
        "volume": "361",
        "page": "539",
        "raw": raw,
    }


def test_csl_item_with_identifiers_dates_and_issue():
    raw = "Smith J. A trial. Pediatrics. 2010 Mar 15;125(3):e1234. doi: 10.1542/peds.2009-1234. Epub 2010 Jan 5. PMID: 12345678; PMCID: PMC123456."
    item = reference_to_csl(parse_reference(raw, 3))
    assert {key: item[key] for key in ("issued", "available-date", "issue", "page", "DOI", "PMID", "PMCID")} == {
        "issued": {"date-parts": [[2010, 3, 15]]},
        "available-date": {"date-parts": [[2010, 1, 5]]},
        "issue": "3",
        "page": "e1234",
        "DOI": "10.1542/peds.2009-1234",
        "PMID": "12345678",
        "PMCID": "PMC123456",
    }


def test_csl_note_and_flags_for_a_corrected_title():
    item = reference_to_csl(parse_reference("Brugnoni D. Ontogeny of CD40L [corrected] expression. Immunol Lett 1996; 49:27.", 52))
    assert (item["note"], item["flags"], item["title"]) == ("[corrected]", ["corrected"], "Ontogeny of CD40L expression")


def test_csl_chapter():
    item = reference_to_csl(parse_reference(
        "Smith J. Hyper-IgM. In: Jones K, editor. Primary immunodeficiencies. 2nd ed. Oxford: Oxford University Press; 2010. p. 12-20.", 4
    ))
    assert {key: item[key] for key in ("type", "editor", "container-title", "edition", "publisher", "publisher-place", "page")} == {
        "type": "chapter",
        "editor": [{"family": "Jones", "given": "K"}],
        "container-title": "Primary immunodeficiencies",
        "edition": "2nd",
        "publisher": "Oxford University Press",
        "publisher-place": "Oxford",
        "page": "12-20",
    }


def test_csl_group_author_is_a_literal_name():
    item = reference_to_csl(parse_reference("American Academy of Pediatrics. Statement. Pediatrics 2001; 108:1.", 1))
    assert item["author"] == [{"literal": "American Academy of Pediatrics"}]


def test_csl_personal_communication_has_no_container():
    item = reference_to_csl(parse_reference("Notarangelo L, Harvard Medical School, 2012, personal communication.", 69))
    assert {key: value for key, value in item.items() if key != "raw"} == {
        "id": "ref-69",
        "citation-number": 69,
        "type": "personal_communication",
        "author": [{"family": "Notarangelo", "given": "L"}],
        "issued": {"date-parts": [[2012]]},
        "institution": "Harvard Medical School",
    }


def test_csl_supplement_key():
    item = reference_to_csl(parse_reference("Smith J. Guidelines. J Allergy Clin Immunol 2008; 122 Suppl 2:S1.", 1))
    assert (item["volume"], item["supplement"], item["page"]) == ("122", "Suppl 2", "S1")


def test_csl_ids_stay_unique_for_a_repeated_number():
    refs, _ = parse_reference_list([(42, "2. Smith J. A. Blood 2001; 98:1."), (43, "2. Jones K. B. Cell 2000; 1:2.")])
    assert [reference_to_csl(ref)["id"] for ref in refs] == ["ref-2", "ref-2-line-43"]


def test_csl_unparsed_reference_keeps_raw_and_flags():
    assert reference_to_csl(parse_reference("???", 9)) == {
        "id": "ref-9", "citation-number": 9, "type": "article-journal", "flags": ["unparsed"], "raw": "???"
    }


def test_csl_season_date():
    item = reference_to_csl(parse_reference("Smith J. A trial. Blood. 2010 Spring;1(2):3-4.", 1))
    assert item["issued"] == {"date-parts": [[2010]], "season": 1}


def test_trailing_review_marker_becomes_a_note():
    ref = parse_reference("Smith J. Hyper-IgM. Medicine (Baltimore). 2003;82(6):373-84. Review.", 1)
    assert (ref.page, ref.editorial_notes, ref.flags) == ("373-84", ["Review"], [])


def test_personal_communication_in_parentheses():
    ref = parse_reference("Smith J (personal communication, 2010).", 1)
    assert (ref.type, _people(ref), ref.year, ref.institution) == ("personal_communication", [("Smith", "J")], 2010, None)


def test_several_page_ranges_are_kept_as_cited():
    ref = parse_reference("Smith J, Jones K. Title. J Immunol. 2001;166(1):1-10, 12.", 1)
    assert (ref.page, ref.first_page) == ("1-10, 12", "1")


def test_single_initial_that_looks_like_a_numeral_is_an_initial():
    ref = parse_reference("de Vries V, Smith J II. A title. Blood 2001; 98:1.", 1)
    assert _people(ref) == [("de Vries", "V"), ("Smith", "J II")]


def test_unpublished_in_an_article_title_does_not_make_a_manuscript():
    ref = parse_reference("Smith J. Analysis of unpublished trials. Lancet 2010; 375:1.", 1)
    assert (ref.type, ref.title, ref.container_title) == ("article-journal", "Analysis of unpublished trials", "Lancet")


def test_csl_person_without_initials_has_no_given_key():
    ref = parse_reference("Smith J. Statement. Pediatrics 2001; 108:1.", 1)
    ref.authors[0].given = None
    assert reference_to_csl(ref)["author"] == [{"family": "Smith"}]


def test_a_hyphenated_surname_stays_one_name_in_a_given_name_first_list() -> None:
    ref = parse_reference(
        "R. L. Campbell, R. Banner, J. Konick-McMahan, and M. D. Naylor, \u201cDischarge planning and home follow-up"
        " of the elderly patient with heart failure,\u201d The Nursing Clinics of North America, vol. 33, no. 3,"
        " pp. 497\u2013513, 1998.", 2)
    assert [(a.family, a.initials) for a in ref.authors] == [
        ("Campbell", "RL"), ("Banner", "R"), ("Konick-McMahan", "J"), ("Naylor", "MD")]
