"""Check that the running environment holds each direct dependency at the lower bound pyproject.toml declares.

`make test-lowest` installs the runtime and test requirements with uv's lowest-direct resolution, then runs this
before the suite: a bound that the resolver cannot reach (another dependency needs more, or the release is
yanked) would pass the suite at a higher version and claim a floor nobody tested. Each mismatch is one line;
the exit status is the number of them.

    .venv-lowest/bin/python scripts/check_lowest_versions.py
"""
from __future__ import annotations

import re
import sys
import tomllib
from importlib.metadata import PackageNotFoundError, version
from pathlib import Path

PYPROJECT = Path(__file__).resolve().parent.parent / "pyproject.toml"
REQUIREMENT = re.compile(r"^(?P<name>[A-Za-z0-9_.-]+)(?:\[(?P<extras>[^\]]*)\])?\s*(?P<specifiers>.*)$")
LOWER = re.compile(r"(?:>=|==)\s*(?P<version>[^,\s;]+)")
RELEASE = re.compile(r"^\d+(?:\.\d+)*")
PRE_RELEASE = re.compile(r"(?:a|b|rc)\d+")


def requirements(config: dict, extras: list[str]) -> list[str]:
    """The runtime requirements and those of `extras`, following the project's own `name[extra]` references."""
    project = config["project"]
    found = list(project["dependencies"])
    pending, seen = list(extras), set()
    while pending:
        extra = pending.pop()
        if extra in seen:
            continue
        seen.add(extra)
        for requirement in project["optional-dependencies"][extra]:
            match = REQUIREMENT.match(requirement)
            if match and match["name"] == project["name"]:
                pending += [name.strip() for name in (match["extras"] or "").split(",")]
            else:
                found.append(requirement)
    return found


def _release(text: str) -> tuple[tuple[int, ...], str | None]:
    """The release part of a version (trailing zeros dropped: "6" is "6.0", "0.4" is "0.4.0.post1") and its
    pre-release tag ("b7" in "2.0.0b7")."""
    match = RELEASE.match(text)
    parts = [int(part) for part in match[0].split(".")] if match else []
    while parts and parts[-1] == 0:
        parts.pop()
    pre = PRE_RELEASE.search(text)
    return tuple(parts), pre[0] if pre else None


def mismatches(required: list[str]) -> list[str]:
    problems = []
    for requirement in required:
        match = REQUIREMENT.match(requirement)
        lower = LOWER.search(match["specifiers"]) if match else None
        if match is None or lower is None:
            problems.append(f"{requirement}: no lower bound")
            continue
        try:
            installed = version(match["name"])
        except PackageNotFoundError:
            problems.append(f"{requirement}: not installed")
            continue
        if _release(installed) != _release(lower["version"]):
            problems.append(f"{requirement}: {installed} installed, not the lower bound {lower['version']}")
    return problems


def main() -> int:
    config = tomllib.loads(PYPROJECT.read_text(encoding="utf-8"))
    problems = mismatches(requirements(config, ["test"]))
    for problem in problems:
        print(problem)
    if not problems:
        print("every direct dependency is at its lower bound")
    return len(problems)


if __name__ == "__main__":
    sys.exit(main())
