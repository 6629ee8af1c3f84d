"""Train the evidence scorer's two logistic models and choose the verdict's thresholds, by one command:

    python -m scripts.train_evidence_model        # writes citations/data/evidence-model.json (+ .sha256)

Data: the repository's copy of the SciFact sample (`scripts/data/evidence/scifact-train.jsonl.gz`), minus the
held-out fifth (`scripts.evidence_data.split`: claims whose id is a multiple of 5, and every claim citing an
abstract they cite), which only `bench/bench_evidence.py` reads.

1. Sentence model: every sentence of every cited abstract that has rationales, labelled 1 when it is (overlaps
   most) a rationale sentence; features `evidence_features.SENTENCE_FEATURES`.
2. Verdict model: each training claim against every abstract it cites (1) and against abstracts other claims
   cite (0, `WRONG_PER_CLAIM` per claim: many, so the tail of wrong citations the silent threshold cuts is well
   sampled; `evidence_score` is the probability at that ratio); features `evidence_features.TEXT_FEATURES` read with model 1.
3. Thresholds, from verdict scores of claims the verdict model did not see (5-fold by claim): `silent_below`
   keeps `SILENT_SHARE` (5 %) of the correct citations silent;
   `on_point_from` is the lowest score from which at least `ON_POINT_PRECISION` of the citations (one wrong per
   claim) are correct ones with rationales.

Both models are fitted by Newton's method with an L2 penalty from zero weights over the examples in file order,
and the file is written with rounded coefficients and sorted keys, so the same data gives the same bytes. The
file records the data's and the lexicon's SHA-256 and the training environment (Python, numpy, tokenizers,
wordllama); its own SHA-256 goes beside it.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
from collections.abc import Sequence
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

from citetrace.citations.evidence import MODEL, EvidenceModel, document_abbreviations, sigmoid  # noqa: E402
from citetrace.citations.evidence_features import (  # noqa: E402
    KEPT,
    SENTENCE_FEATURES,
    TEXT_FEATURES,
    claim_query,
    prepared_text,
    sentence_features,
    similarities,
    text_features,
)
from citetrace.citations.evidence_terms import LEXICON, lexicon  # noqa: E402
from scripts.evidence_data import (  # noqa: E402
    HELD_OUT_EVERY,
    SCIFACT,
    Claim,
    citation_pairs,
    data_sha256,
    load_claims,
    scifact_index,
    split,
)

L2 = 1.0
ITERATIONS = 30
WRONG_PER_CLAIM = 16
SILENT_SHARE = 0.05
ON_POINT_PRECISION = 0.8
FOLDS = 5
DIGITS = 6


def fit_logistic(rows: Sequence[Sequence[float]], labels: Sequence[int], l2: float = L2) -> tuple[list[float], float]:
    """Weights and bias of an L2-penalised logistic regression (the bias is not penalised), by Newton steps."""
    width = len(rows[0]) + 1
    weights = [0.0] * width
    extended = [(*row, 1.0) for row in rows]
    for _ in range(ITERATIONS):
        gradient = [l2 * w for w in weights[:-1]] + [0.0]
        hessian = [[0.0] * width for _ in range(width)]
        for index in range(width - 1):
            hessian[index][index] = l2
        for row, label in zip(extended, labels):
            p = sigmoid(sum(w * x for w, x in zip(weights, row)))
            error = p - label
            curvature = p * (1.0 - p)
            for i in range(width):
                gradient[i] += error * row[i]
                scaled = curvature * row[i]
                hessian_row = hessian[i]
                for j in range(i, width):
                    hessian_row[j] += scaled * row[j]
        for i in range(width):
            for j in range(i):
                hessian[i][j] = hessian[j][i]
        step = _solve(hessian, gradient)
        weights = [w - s for w, s in zip(weights, step)]
    return weights[:-1], weights[-1]


def _solve(matrix: list[list[float]], vector: list[float]) -> list[float]:
    """Gaussian elimination with partial pivoting (the matrices here are 6x6 to 14x14)."""
    size = len(vector)
    augmented = [row[:] + [value] for row, value in zip(matrix, vector)]
    for column in range(size):
        pivot = max(range(column, size), key=lambda r: abs(augmented[r][column]))
        augmented[column], augmented[pivot] = augmented[pivot], augmented[column]
        for row in range(column + 1, size):
            factor = augmented[row][column] / augmented[column][column]
            for k in range(column, size + 1):
                augmented[row][k] -= factor * augmented[column][k]
    solution = [0.0] * size
    for row in reversed(range(size)):
        total = augmented[row][size] - sum(augmented[row][k] * solution[k] for k in range(row + 1, size))
        solution[row] = total / augmented[row][row]
    return solution


def sentence_examples(claims: Sequence[Claim]) -> tuple[list[tuple[float, ...]], list[int]]:
    rows, labels = [], []
    lex = lexicon()
    for claim in claims:
        query = claim_query(claim.claim, claim.claim, document_abbreviations(claim.claim), lex)
        for abstract in claim.cited:
            if not abstract.rationale:
                continue
            text = prepared_text(abstract.text)
            for sentence, similarity in zip(text.sentences, similarities(query, text)):
                rows.append(sentence_features(query, sentence, similarity))
                labels.append(int(scifact_index(abstract, sentence.start, sentence.end) in abstract.rationale))
    return rows, labels


def text_examples(claims: Sequence[Claim], model: EvidenceModel) -> list[tuple[int, tuple[float, ...], int, bool]]:
    """(claim id, features, correct, has rationale) per citation pair."""
    examples = []
    lex = lexicon()
    for pair in citation_pairs(list(claims), WRONG_PER_CLAIM):
        query = claim_query(pair.claim.claim, pair.claim.claim, document_abbreviations(pair.claim.claim), lex)
        text = prepared_text(pair.abstract.text)
        similarity = similarities(query, text)
        scores = sorted(
            (model.sentence_score(sentence_features(query, s, c)) for s, c in zip(text.sentences, similarity)),
            reverse=True,
        )
        examples.append((pair.claim.id, text_features(query, scores[:KEPT], text), int(pair.correct),
                         pair.correct and bool(pair.abstract.rationale)))
    return examples


def _fold(claim_id: int) -> int:
    """The fold of a training claim (ids that are multiples of `HELD_OUT_EVERY` are held out, so not the id's
    remainder, which would leave a fold empty)."""
    return claim_id // HELD_OUT_EVERY % FOLDS


def thresholds(examples: list[tuple[int, tuple[float, ...], int, bool]]) -> tuple[float, float, dict]:
    """(silent_below, on_point_from, what they do to the out-of-fold citations) from out-of-fold verdict scores."""
    out_of_fold: list[tuple[float, int, bool, bool]] = []
    for fold in range(FOLDS):
        train = [e for e in examples if _fold(e[0]) != fold]
        weights, bias = fit_logistic([e[1] for e in train], [e[2] for e in train])
        seen_wrong: set[int] = set()
        for claim_id, features, correct, rationale in examples:
            if _fold(claim_id) != fold:
                continue
            score = sigmoid(bias + sum(w * f for w, f in zip(weights, features)))
            counted = bool(correct) or claim_id not in seen_wrong
            if not correct:
                seen_wrong.add(claim_id)
            out_of_fold.append((score, correct, rationale, counted))
    correct_scores = sorted(score for score, correct, _, _ in out_of_fold if correct)
    silent_below = correct_scores[int(SILENT_SHARE * len(correct_scores))]
    ranked = sorted(((score, rationale) for score, _, rationale, counted in out_of_fold if counted), reverse=True)
    on_point_from = 1.0
    hits = 0
    for position, (score, rationale) in enumerate(ranked, start=1):
        hits += rationale
        if hits / position >= ON_POINT_PRECISION:
            on_point_from = score
    on_point_from = max(on_point_from, silent_below)
    wrong_scores = [score for score, correct, _, _ in out_of_fold if not correct]
    rationale_scores = [score for score, _, rationale, _ in out_of_fold if rationale]
    effect = {
        "correct_silent": round(sum(s < silent_below for s in correct_scores) / len(correct_scores), 4),
        "wrong_silent": round(sum(s < silent_below for s in wrong_scores) / len(wrong_scores), 4),
        "rationale_on_point": round(sum(s >= on_point_from for s in rationale_scores) / len(rationale_scores), 4),
        "wrong_on_point": round(sum(s >= on_point_from for s in wrong_scores) / len(wrong_scores), 4),
    }
    return silent_below, on_point_from, effect


def train(data: Path = SCIFACT) -> dict:
    """The model file's content."""
    training, _ = split(load_claims(data))
    rows, labels = sentence_examples(training)
    rank_weights, rank_bias = fit_logistic(rows, labels)
    rank = {"bias": round(rank_bias, DIGITS),
            "weights": {name: round(w, DIGITS) for name, w in zip(SENTENCE_FEATURES, rank_weights)}}
    placeholder = {"bias": 0.0, "weights": dict.fromkeys(TEXT_FEATURES, 0.0), "silent_below": 0.0,
                   "on_point_from": 1.0}
    ranker = EvidenceModel.from_json({"rank": rank, "verdict": placeholder})
    examples = text_examples(training, ranker)
    verdict_weights, verdict_bias = fit_logistic([e[1] for e in examples], [e[2] for e in examples])
    silent_below, on_point_from, effect = thresholds(examples)
    return {
        "attribution": "Trained on SciFact (Wadden et al., EMNLP 2020, doi:10.18653/v1/2020.emnlp-main.609): "
                       "claims CC BY 4.0, abstracts ODC-By 1.0.",
        "rank": rank,
        "verdict": {
            "bias": round(verdict_bias, DIGITS),
            "weights": {name: round(w, DIGITS) for name, w in zip(TEXT_FEATURES, verdict_weights)},
            "silent_below": round(silent_below, DIGITS),
            "on_point_from": round(on_point_from, DIGITS),
            "out_of_fold": effect,
        },
        "training": {
            "command": "python -m scripts.train_evidence_model",
            "data": str(data.relative_to(REPO)) if data.is_relative_to(REPO) else str(data),
            "data_sha256": data_sha256(data),
            "lexicon_sha256": hashlib.sha256(LEXICON.read_bytes()).hexdigest(),
            "environment": training_environment(),
            "sentence_examples": len(rows),
            "sentence_positives": sum(labels),
            "citation_examples": len(examples),
            "training_claims": len(training),
        },
    }


def training_environment() -> dict[str, str]:
    """What the figures depend on beyond the data: Python, and the libraries that compute the vectors."""
    from importlib.metadata import version

    return {"python": platform.python_version(), **{name: version(name) for name in ("numpy", "tokenizers", "wordllama")}}


def model_bytes(content: dict) -> bytes:
    return (json.dumps(content, indent=1, sort_keys=True) + "\n").encode("utf-8")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=SCIFACT)
    parser.add_argument("-o", "--output", type=Path, default=MODEL)
    args = parser.parse_args()
    content = model_bytes(train(args.data))
    args.output.write_bytes(content)
    digest = hashlib.sha256(content).hexdigest()
    args.output.with_name(args.output.name + ".sha256").write_text(f"{digest}  {args.output.name}\n", encoding="utf-8")
    effect = json.loads(content)["verdict"]["out_of_fold"]
    shown = args.output.resolve().relative_to(REPO) if args.output.resolve().is_relative_to(REPO) else args.output
    print(f"{shown}: sha256 {digest}")
    print("out of fold (training claims): " + ", ".join(f"{name} {value:.1%}" for name, value in effect.items()))


if __name__ == "__main__":
    main()
