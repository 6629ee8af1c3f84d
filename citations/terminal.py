"""Text from a user's files made safe to print as one line on a terminal.

A document's text or a file's name may hold control characters: a line break would split a one-line error in
two, and an escape sequence (OSC 52 writes the clipboard, others retitle the window or move the cursor) would
be obeyed by the terminal. Every control character is written as its Python escape instead (`\\n`, `\\x1b`).
"""
from __future__ import annotations

import re

_CONTROL = re.compile(r"[\x00-\x1f\x7f-\x9f]")
_NAMED = {"\n": "\\n", "\r": "\\r", "\t": "\\t"}


def printable(text: str) -> str:
    """`text` with each control character (C0, DEL, C1) written as its escape."""
    return _CONTROL.sub(lambda match: _NAMED.get(match.group(), f"\\x{ord(match.group()):02x}"), text)


def printable_lines(text: str) -> str:
    """`text` of several lines (a trace, a refresh report) with every control character but its line breaks
    written as its escape, so a document's text cannot reach the terminal as an escape sequence."""
    return "\n".join(printable(line) for line in text.split("\n"))
