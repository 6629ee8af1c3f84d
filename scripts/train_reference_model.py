"""Train the reference labeller's CRF on the generated strings and write it into the package.

    python scripts/build_reference_training_data.py      # makes build/reference-data/{train,test}.jsonl
    python scripts/train_reference_model.py              # writes citations/data/reference-crf.model

Only `train.jsonl` is read: held-out styles, articles and records stay unseen. Training is deterministic
(L-BFGS from zero weights over examples in file order), so the same data gives the same model.
"""
from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pycrfsuite  # noqa: E402

from citetrace.citations.reference_labeller import MODEL  # noqa: E402
from citetrace.citations.reference_tokens import features, tokenise  # noqa: E402


def token_labels(example: dict) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Tokens of an example and each token's label: the label of its first character ("O" if none)."""
    text = example["text"]
    chars = ["O"] * len(text)
    for start, end, name in example["spans"]:
        chars[start:end] = [name] * (end - start)
    tokens = tokenise(text)
    return tokens, [chars[start] for _, start, _ in tokens]


def train(data: Path, output: Path, iterations: int, c1: float, c2: float) -> None:
    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    with open(data, encoding="utf-8") as handle:
        for line in handle:
            example = json.loads(line)
            tokens, labels = token_labels(example)
            if tokens:
                trainer.append(features(example["text"], tokens), labels)
                count += 1
    trainer.set_params({"c1": c1, "c2": c2, "max_iterations": iterations, "feature.possible_transitions": True})
    start = time.perf_counter()
    output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(output))
    size = output.stat().st_size / 1e6
    print(f"{output}: {count} strings, {time.perf_counter() - start:.0f} s, {size:.1f} MB")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=REPO / "build" / "reference-data" / "train.jsonl")
    parser.add_argument("-o", "--output", type=Path, default=MODEL)
    parser.add_argument("--iterations", type=int, default=150)
    parser.add_argument("--c1", type=float, default=0.05, help="L1 weight: keeps the model small")
    parser.add_argument("--c2", type=float, default=0.01)
    args = parser.parse_args()
    train(args.data, args.output, args.iterations, args.c1, args.c2)


if __name__ == "__main__":
    main()
