"""The one error type for bad input: its message names the file (and line) and the problem, on one line."""
from __future__ import annotations


class InputError(Exception):
    """Bad input that leaves nothing usable; the CLI prints it as one line and exits non-zero."""

    def __init__(self, path: str, problem: str, line: int | None = None) -> None:
        self.path = path
        self.line = line
        self.problem = problem
        where = f"{path}:{line}" if line is not None else path
        super().__init__(f"{where}: {problem}")
