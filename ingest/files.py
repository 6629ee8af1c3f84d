"""Reading a user's file as text: the one place that refuses what is not a readable, sane text file.

Every reader (plain text, JATS, manuscripts, BibTeX) gets its bytes and text here, so each refusal is one
`InputError` line naming the file and what it is: a folder, a named pipe, a device, a symbolic link loop, a
file it may not read, an oversized file, bytes that are not UTF-8, or NUL bytes (a binary file). Text is
normalised to NFC, so a name typed with combining accents ("Pe\u0301ron") reads as the same letters as a
precomposed one ("Péron").
"""
from __future__ import annotations

import errno
import hashlib
import os
import stat
import unicodedata
from pathlib import Path

from citetrace.ingest.errors import InputError

MAX_DOCUMENT_BYTES = 10 * 1024 * 1024
"""A review is a few hundred kilobytes at most; a larger file is refused rather than read into memory."""

_KINDS = (
    (stat.S_ISDIR, "is a directory"),
    (stat.S_ISFIFO, "is a named pipe (FIFO)"),
    (stat.S_ISSOCK, "is a socket"),
    (stat.S_ISCHR, "is a character device"),
    (stat.S_ISBLK, "is a block device"),
)


def read_bytes(path: str | Path, what: str = "a review", limit: int = MAX_DOCUMENT_BYTES) -> bytes:
    """The bytes of a regular file of at most `limit` bytes; anything else is an InputError saying what it is."""
    name = str(path)
    size = _regular_file_size(path, what)
    if size > limit:
        raise InputError(name, f"file is {size / 1e6:.1f} MB; {what} is expected under {limit // 2**20} MB")
    data = _read(path, limit + 1)
    if len(data) > limit:
        raise InputError(name, f"file grew past {limit // 2**20} MB while being read")
    return data


def read_head(path: str | Path, size: int = 1024, what: str = "a review") -> bytes:
    """The first `size` bytes of a regular file, for telling its format; refusals as `read_bytes`."""
    _regular_file_size(path, what)
    return _read(path, size)


def _regular_file_size(path: str | Path, what: str) -> int:
    try:
        info = os.stat(path)
    except OSError as error:
        raise InputError(str(path), _unreachable(path, error)) from None
    for test, kind in _KINDS:
        if test(info.st_mode):
            raise InputError(str(path), f"{kind}, not {what} file")
    if not stat.S_ISREG(info.st_mode):
        raise InputError(str(path), f"is not a regular file, not {what} file")
    return info.st_size


def _read(path: str | Path, size: int) -> bytes:
    try:
        with open(path, "rb") as file:
            return file.read(size)
    except OSError as error:
        raise InputError(str(path), _unreadable(error)) from None


def decode_text(data: bytes, path: str) -> str:
    """UTF-8 text (a byte-order mark is dropped) in NFC; invalid bytes or a NUL byte name their line."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data[: error.start].count(b"\n") + 1
        raise InputError(path, f"byte 0x{data[error.start]:02x} is not valid UTF-8", line) from None
    nul = text.find("\0")
    if nul >= 0:
        raise InputError(path, "contains a NUL byte: a binary file, not text", text.count("\n", 0, nul) + 1)
    return unicodedata.normalize("NFC", text)


def read_text(path: str | Path, what: str = "a review", limit: int = MAX_DOCUMENT_BYTES) -> tuple[str, str]:
    """The NFC text of a UTF-8 file and the SHA-256 of its bytes, with every refusal of `read_bytes` and
    `decode_text`."""
    data = read_bytes(path, what, limit)
    return decode_text(data, str(path)), hashlib.sha256(data).hexdigest()


def _unreachable(path: str | Path, error: OSError) -> str:
    """Why a path cannot even be looked at, in words."""
    if error.errno == errno.ENOENT:
        if os.path.islink(path):
            return f"is a broken symbolic link (to {os.readlink(path)})"
        return "no such file"
    if error.errno == errno.ELOOP:
        return "is a symbolic link loop"
    if error.errno == errno.EACCES:
        return "permission denied (a folder on its path cannot be searched)"
    if error.errno == errno.ENOTDIR:
        return "no such file (a part of the path is not a folder)"
    return f"cannot be opened ({error.strerror or error})"


def _unreadable(error: OSError) -> str:
    if error.errno == errno.EACCES:
        return "permission denied (the file cannot be read)"
    if error.errno == errno.EISDIR:
        return "is a directory"
    return f"cannot be read ({error.strerror or error})"
