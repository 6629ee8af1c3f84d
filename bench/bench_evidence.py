"""The evidence scorer against SQLite FTS5 bm25() on held-out SciFact claims, and its speed.

    python -m bench.bench_evidence [--data scripts/data/evidence/scifact-train.jsonl.gz]

The held-out claims are a fixed fifth of the SciFact sample (claim id a multiple of 5, `scripts/evidence_data`),
none of them, nor any abstract they cite, trained on. Each claim is checked against every abstract it cites
(correct citations) and against one abstract another held-out claim cites (a wrong citation). The claim is
its own clause and sentence (SciFact claims stand alone); each abstract is written as `works.abstract` holds
it and split by the scorer, and a sentence counts as the annotators' when it overlaps a rationale sentence most.

Printed for bm25 (FTS5 over all the held-out abstracts' sentences, the claim's words OR-ed; a pair's score is
its best sentence's -bm25, 0 when no word matches; its silent threshold is the one that keeps 5 % of the
correct citations silent, chosen on these very pairs, so bm25's figure is a best case) and for the ranker:
- hit@1: the best sentence is a rationale sentence, over the correct pairs that have rationales;
- wrong silent: the share of wrong citations called silent; correct silent: of the correct ones (all, and
  those with rationales);
- AUC correct/wrong: evidence_score separating correct from wrong abstracts; AUC rationale/none: separating
  correct abstracts with rationales from correct abstracts without (SciFact's "not enough info"), the nearer
  stand-in for accurate against inaccurate citations of real papers;
- the same with each claim against `len(WRONG_STEPS)` (16) other held-out claims' abstracts:
  the wrong-silent share over 2,736 wrong citations instead of 171 (one is 0.04 points, not 0.6);
- speed: sentences per second of CPU time, preparing texts (once per text: split, terms, vectors) and scoring
  prepared texts against claims (once per claim and citation).
"""
from __future__ import annotations

import argparse
import re
import sqlite3
import sys
import time
from collections.abc import Callable, Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from citetrace.citations.cited_text import split_cited_text  # noqa: E402
from citetrace.citations.evidence import (  # noqa: E402
    CitedText,
    EvidenceModel,
    assess_citation,
    claim_query_of,
    document_abbreviations,
    shipped_model,
)
from citetrace.citations.evidence_features import prepared_text, word_vectors  # noqa: E402
from scripts.evidence_data import (  # noqa: E402
    SCIFACT,
    WRONG_STEPS,
    Pair,
    citation_pairs,
    load_claims,
    scifact_index,
    split,
)

SILENT_SHARE = 0.05
_WORD_RE = re.compile(r"\w+")


def auc(positive: Sequence[float], negative: Sequence[float]) -> float:
    """The probability that a positive scores above a negative (ties count half)."""
    ranked = sorted([(score, 1) for score in positive] + [(score, 0) for score in negative])
    rank_sum = 0.0
    position = 0
    while position < len(ranked):
        tie_end = position
        while tie_end < len(ranked) and ranked[tie_end][0] == ranked[position][0]:
            tie_end += 1
        mean_rank = (position + 1 + tie_end) / 2
        rank_sum += mean_rank * sum(label for _, label in ranked[position:tie_end])
        position = tie_end
    n_pos, n_neg = len(positive), len(negative)
    return (rank_sum - n_pos * (n_pos + 1) / 2) / (n_pos * n_neg) if n_pos and n_neg else float("nan")


def threshold_for(correct_scores: Sequence[float], share: float = SILENT_SHARE) -> float:
    """The highest score below which at most `share` of the correct scores fall."""
    ordered = sorted(correct_scores)
    allowed = int(share * len(ordered))
    return ordered[allowed] if allowed < len(ordered) else ordered[-1]


class Bm25:
    """FTS5 bm25() over every sentence of the pairs' abstracts, as the scorer splits them."""

    def __init__(self, pairs: Sequence[Pair]) -> None:
        self.connection = sqlite3.connect(":memory:")
        self.connection.execute("create virtual table sentences using fts5(body, doc unindexed, position unindexed)")
        seen: set[int] = set()
        for pair in pairs:
            abstract = pair.abstract
            if abstract.doc_id in seen:
                continue
            seen.add(abstract.doc_id)
            self.connection.executemany(
                "insert into sentences (body, doc, position) values (?, ?, ?)",
                [(abstract.text[s.start:s.end], abstract.doc_id, s.index) for s in split_cited_text(abstract.text)],
            )

    def best(self, claim: str, doc_id: int) -> tuple[int | None, float]:
        """(index of the best sentence, its -bm25) among the doc's sentences; (None, 0) when none matches."""
        query = " OR ".join(f'"{word}"' for word in dict.fromkeys(_WORD_RE.findall(claim.lower())))
        row = self.connection.execute(
            "select position, bm25(sentences) as score from sentences where sentences match ? and doc = ? "
            "order by score, position limit 1",
            (query, doc_id),
        ).fetchone()
        return (None, 0.0) if row is None else (int(row[0]), -row[1])


def scored_pairs(pairs: Sequence[Pair], method: Callable[[Pair], tuple[int | None, float, str | None]]
                 ) -> list[tuple[Pair, int | None, float, str | None]]:
    return [(pair, *method(pair)) for pair in pairs]


def report(name: str, results: list[tuple[Pair, int | None, float, str | None]], silent_below: float | None) -> None:
    """Print one line of figures; `silent_below` None means each result carries its own verdict."""
    correct = [r for r in results if r[0].correct]
    wrong = [r for r in results if not r[0].correct]
    with_rationale = [r for r in correct if r[0].abstract.rationale]
    without = [r for r in correct if not r[0].abstract.rationale]

    def hit(result: tuple[Pair, int | None, float, str | None]) -> bool:
        pair, best, _, _ = result
        if best is None:
            return False
        sentence = split_cited_text(pair.abstract.text)[best]
        return scifact_index(pair.abstract, sentence.start, sentence.end) in pair.abstract.rationale

    def silent(result: tuple[Pair, int | None, float, str | None]) -> bool:
        return result[3] == "silent" if silent_below is None else result[2] < silent_below

    def share(rows: list, test: Callable) -> float:
        return sum(1 for row in rows if test(row)) / len(rows)

    print(
        f"{name:<8}hit@1 {share(with_rationale, hit):6.1%}   wrong silent {share(wrong, silent):6.1%}   "
        f"correct silent {share(correct, silent):5.1%} (with rationale {share(with_rationale, silent):5.1%})   "
        f"AUC correct/wrong {auc([r[2] for r in correct], [r[2] for r in wrong]):.3f}   "
        f"AUC rationale/none {auc([r[2] for r in with_rationale], [r[2] for r in without]):.3f}"
    )


def evaluate(pairs: Sequence[Pair], model: EvidenceModel | None = None) -> None:
    bm25 = Bm25(pairs)
    bm25_results = scored_pairs(pairs, lambda pair: (*bm25.best(pair.claim.claim, pair.abstract.doc_id), None))
    bm25_threshold = threshold_for([r[2] for r in bm25_results if r[0].correct])
    report("bm25", bm25_results, bm25_threshold)

    model = model or shipped_model()

    def ranker(pair: Pair) -> tuple[int | None, float, str | None]:
        assessment = assess_citation(pair.claim.claim, pair.claim.claim, document_abbreviations(pair.claim.claim), [CitedText("abstract", pair.abstract.text)],
                                     model)
        best = assessment.sentences[0].sentence_index if assessment.sentences else None
        return best, assessment.evidence_score or 0.0, assessment.evidence

    ranker_results = scored_pairs(pairs, ranker)
    report("ranker", ranker_results, None)
    report("ranker*", ranker_results, threshold_for([r[2] for r in ranker_results if r[0].correct]))


def speed(pairs: Sequence[Pair], repeat: int = 3) -> None:
    """Sentences per second of CPU time: preparing texts (split, terms, vectors; with every word new to the
    process, then with words seen before) and scoring prepared texts against claims (the per-pair cost)."""
    sentences = sum(len(split_cited_text(pair.abstract.text)) for pair in pairs)
    texts = list(dict.fromkeys(pair.abstract.text for pair in pairs))
    text_sentences = sum(len(split_cited_text(text)) for text in texts)

    def timed(run: Callable[[], object], fresh_words: bool) -> float:
        best = float("inf")
        for _ in range(repeat):
            prepared_text.cache_clear()
            if fresh_words:
                word_vectors().forget()
            start = time.process_time()
            run()
            best = min(best, time.process_time() - start)
        return best

    def prepare() -> None:
        for text in texts:
            prepared_text(text)

    def score() -> None:
        for pair in pairs:
            assess_citation(pair.claim.claim, pair.claim.claim, document_abbreviations(pair.claim.claim),
                            [CitedText("abstract", pair.abstract.text)])

    cold = timed(prepare, True)
    warm = timed(prepare, False)
    prepare()
    best = float("inf")
    for _ in range(repeat):
        claim_query_of.cache_clear()
        start = time.process_time()
        score()
        best = min(best, time.process_time() - start)
    print(f"speed    preparing {text_sentences / cold:,.0f} sentences/s with every word new, "
          f"{text_sentences / warm:,.0f}/s with words seen before; scoring {sentences / best:,.0f} sentences/s "
          f"({len(pairs)} pairs, {sentences} sentences, CPU time, best of {repeat})")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SCIFACT)
    args = parser.parse_args()
    _, held_out = split(load_claims(args.data))
    pairs = citation_pairs(held_out)
    correct = sum(pair.correct for pair in pairs)
    print(f"held-out: {len(held_out)} claims, {correct} correct citations "
          f"({sum(1 for p in pairs if p.correct and p.abstract.rationale)} with rationales), "
          f"{len(pairs) - correct} wrong citations")
    evaluate(pairs)
    many = citation_pairs(held_out, len(WRONG_STEPS))
    print(f"the same claims, each against {len(WRONG_STEPS)} abstracts other held-out claims cite "
          f"({sum(not pair.correct for pair in many)} wrong citations, a steadier share):")
    evaluate(many)
    speed(pairs)


if __name__ == "__main__":
    main()
