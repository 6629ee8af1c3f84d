"""Make the training data and train the reference labeller's CRF to the committed file, in one command.

    make train-parser                                    # installs the pinned `train` extra, then runs:
    python -m scripts.train_reference_model              # data, model and record, from what the repo holds
    python -m scripts.train_reference_model --check      # retrain into build/ and compare with the committed file

The data is made by scripts/build_reference_training_data.py (`build/reference-data/{train,test}.jsonl`);
only `train.jsonl` is read here, so held-out styles, articles and records stay unseen. Training is
deterministic (L-BFGS from zero weights over examples in file order): with the tools pinned in the `train`
extra, the same data gives the same model byte for byte. Beside the model, `reference-crf.model.json` records
what made it: the checksums of both data files and of the model, the training parameters and the environment
(Python, platform, the pinned packages' versions). tests/test_reference_training_data.py regenerates a stable
sample of the data (every style and article, the first 60 records) and checks its checksums against that record;
`--check` checks the whole data and the model.
"""
from __future__ import annotations

import argparse
import hashlib
import json
import platform
import sys
import time
from importlib.metadata import version
from pathlib import Path
from typing import Any

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))

import pycrfsuite  # noqa: E402

from citetrace.citations.reference_labeller import MODEL  # noqa: E402
from citetrace.citations.reference_tokens import features, tokenise  # noqa: E402

RECORD = MODEL.with_name(MODEL.name + ".json")
DATA = REPO / "build" / "reference-data"
PARAMETERS = {"c1": 0.05, "c2": 0.01, "max_iterations": 150, "feature.possible_transitions": True}
"""L1 weight c1 keeps the model small; the rest as crfsuite's L-BFGS defaults, 150 iterations."""
SAMPLE_RECORDS = 60
PINNED = ("python-crfsuite", "citeproc-py", "lxml")
"""The packages training touches (rendering: citeproc-py over lxml; fitting: python-crfsuite), pinned exactly
in pyproject.toml's `train` extra."""


def token_labels(example: dict) -> tuple[list[tuple[str, int, int]], list[str]]:
    """Tokens of an example and each token's label: the label of its first character ("O" if none)."""
    text = example["text"]
    chars = ["O"] * len(text)
    for start, end, name in example["spans"]:
        chars[start:end] = [name] * (end - start)
    tokens = tokenise(text)
    return tokens, [chars[start] for _, start, _ in tokens]


def shown(path: Path) -> str:
    """A path as printed: relative to the repository when inside it."""
    return str(path.resolve().relative_to(REPO)) if path.resolve().is_relative_to(REPO) else str(path)


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def environment() -> dict[str, str]:
    """What the bytes of the model depend on besides the data: the interpreter, the platform, the pinned tools."""
    return {"python": platform.python_version(), "platform": f"{platform.system()}-{platform.machine()}",
            **{name: version(name) for name in PINNED}}


def train(data: Path, output: Path) -> int:
    """Fit the CRF on `data` into `output`; the number of strings trained on."""
    trainer = pycrfsuite.Trainer(verbose=False)
    count = 0
    with open(data, encoding="utf-8") as handle:
        for line in handle:
            example = json.loads(line)
            tokens, labels = token_labels(example)
            if tokens:
                trainer.append(features(example["text"], tokens), labels)
                count += 1
    trainer.set_params(PARAMETERS)
    output.parent.mkdir(parents=True, exist_ok=True)
    trainer.train(str(output))
    return count


def sample_checksums(folder: Path) -> dict[str, Any]:
    """Checksums of the stable sample of the data (every style and JATS article, the first SAMPLE_RECORDS
    records) that tests/test_reference_training_data.py regenerates in CI."""
    from scripts.build_reference_training_data import build

    build(folder, SAMPLE_RECORDS)
    return {"records": SAMPLE_RECORDS, **{name: sha256(folder / name) for name in ("train.jsonl", "test.jsonl")}}


def model_record(data: Path, model: Path, strings: int) -> dict[str, Any]:
    tagger = pycrfsuite.Tagger()
    tagger.open(str(model))
    info = tagger.info()
    return {
        "command": "make train-parser",
        "model": {"file": MODEL.name, "sha256": sha256(model), "bytes": model.stat().st_size,
                  "state_features": len(info.state_features), "transitions": len(info.transitions)},
        "data": {name: sha256(data / name) for name in ("train.jsonl", "test.jsonl")},
        "sample": sample_checksums(data / "sample"),
        "strings": strings,
        "parameters": PARAMETERS,
        "environment": environment(),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", type=Path, default=DATA, help="where the generated data is written")
    parser.add_argument("--check", action="store_true",
                        help="train into build/ and compare with the committed model instead of replacing it")
    args = parser.parse_args()
    from scripts.build_reference_training_data import build  # citeproc-py: a training tool, imported here

    start = time.perf_counter()
    counts = build(args.data)
    print(f"{shown(args.data)}: {counts['train']} training and {counts['test']} held-out examples "
          f"({time.perf_counter() - start:.0f} s)")
    output = args.data / MODEL.name if args.check else MODEL
    start = time.perf_counter()
    strings = train(args.data / "train.jsonl", output)
    record = model_record(args.data, output, strings)
    print(f"{shown(output)}: {strings} strings, {time.perf_counter() - start:.0f} s, {record['model']['bytes'] / 1e6:.2f} MB, "
          f"{record['model']['state_features']} state features, sha256 {record['model']['sha256']}")
    if not args.check:
        RECORD.write_text(json.dumps(record, indent=2) + "\n", encoding="utf-8")
        print(f"{shown(RECORD)}: written")
        return
    committed = json.loads(RECORD.read_text(encoding="utf-8"))
    same = {key: record[key] == committed[key] for key in ("data", "sample", "model")}
    for key, equal in same.items():
        print(f"{key}: {'same as committed' if equal else 'DIFFERS from committed'}")
    if committed["environment"] != record["environment"]:
        print(f"environment: committed {committed['environment']}, this one {record['environment']}")
    sys.exit(0 if all(same.values()) else 1)


if __name__ == "__main__":
    main()
