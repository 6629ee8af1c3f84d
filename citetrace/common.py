"""What several commands share: a bad library path or bad input as one line and a non-zero exit, output files
written whole or not at all, warnings on stderr, the match statuses a write reports, the PubMed enrichment options
of `build`, `add` and `import-bib`, and the document reading options."""
from __future__ import annotations

import functools
import os
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path

import click
import sqlite_utils

from citetrace.citations.matching import STATUS_ORDER
from citetrace.citations.terminal import printable
from citetrace.db.connect import LibraryError, open_library
from citetrace.ingest.build import PUBMED_MODES, PubmedOptions
from citetrace.ingest.errors import InputError
from citetrace.ingest.readers.formats import ReadOptions, format_names


def library_or_fail(path: str) -> sqlite_utils.Database:
    """The library at `path`, or a ClickException naming the file and the problem."""
    try:
        return open_library(path)
    except LibraryError as error:
        raise click.ClickException(str(error)) from None


def library_to_read(path: str) -> sqlite_utils.Database:
    """The library at `path` for a command that only reads it: one made by an earlier version is read as an
    upgraded copy in memory (`db.upgrade.readable`), the file left as it is."""
    from citetrace.db.upgrade import readable

    return readable(library_or_fail(path))


@contextmanager
def one_line_errors() -> Iterator[None]:
    """Bad input or a bad library inside the block becomes one line on stderr and a non-zero exit."""
    try:
        yield
    except (InputError, LibraryError) as error:
        raise click.ClickException(str(error)) from None


def status_summary(statuses: Counter) -> str:
    """How many citations a write gave each match status, most definite first, e.g. "3 matched, 1 pending"."""
    rank = {status: index for index, status in enumerate(STATUS_ORDER)}
    return ", ".join(f"{n} {status}" for status, n in sorted(statuses.items(), key=lambda item: (
        rank.get(item[0], len(rank)), item[0])) if n)


def write_output(path: str, text: str) -> None:
    """`text` to stdout ("-") or to the file `path`, written beside it and renamed over it, so a full disk or an
    unwritable folder leaves no empty or half file: one line naming the file instead."""
    if path == "-":
        click.echo(text, nl=False)
        return
    target = Path(path)
    temporary = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    try:
        temporary.write_text(text, encoding="utf-8")
        os.replace(temporary, target)
    except OSError as error:
        raise click.ClickException(f"{path}: could not write it ({error.strerror or error}); nothing written") from None
    finally:
        temporary.unlink(missing_ok=True)


def warn(message: str) -> None:
    """A warning on stderr, on one line, with the document's control characters escaped (`printable`)."""
    click.echo(f"warning: {printable(message)}", err=True)


_PUBMED_OPTIONS = [
    click.option("--eutils-url", envvar="CITETRACE_EUTILS_URL", help="E-utilities base URL (default NCBI's)."),
    click.option("--email", envvar="NCBI_EMAIL", help="Your email, sent to NCBI as its etiquette asks."),
    click.option("--api-key", envvar="NCBI_API_KEY", help="NCBI API key (10 requests/s instead of 3)."),
    click.option("--refresh", is_flag=True, help="Ask E-utilities again instead of reading the response cache."),
    click.option("--cache", "cache_path", type=click.Path(dir_okay=False), help="E-utilities response cache file."),
    click.option("--pubmed-xml", "pubmed_files", multiple=True, type=click.Path(exists=True, dir_okay=False),
                 help="Extra PubMed XML files (e.g. baseline .xml.gz) to match against offline."),
]


def pubmed_options(command: Callable | None = None, *, default: str = "auto") -> Callable:
    """The enrichment options, handed to the command as one `pubmed: PubmedOptions` argument; `--pubmed`
    defaults to `default`."""
    if command is None:
        return lambda wrapped: pubmed_options(wrapped, default=default)

    @functools.wraps(command)
    def with_options(*args, mode, eutils_url, email, api_key, refresh, cache_path, pubmed_files, **kwargs):
        pubmed = PubmedOptions(
            mode=mode,
            eutils_url=eutils_url,
            email=email,
            api_key=api_key,
            refresh=refresh,
            cache_path=Path(cache_path) if cache_path else None,
            pubmed_files=[Path(p) for p in pubmed_files],
        )
        return command(*args, pubmed=pubmed, **kwargs)

    mode = click.option("--pubmed", "mode", type=click.Choice(PUBMED_MODES), default=default, show_default=True,
                        help="Where to match references: snapshot (offline), live (E-utilities), auto (both), off.")
    for option in reversed([mode, *_PUBMED_OPTIONS]):
        with_options = option(with_options)
    return with_options


def format_option(command: Callable) -> Callable:
    return click.option(
        "--format", "format", type=click.Choice(format_names()), default="auto", show_default=True,
        help="Document format; auto detects it from the content.",
    )(command)


def bib_option(command: Callable) -> Callable:
    """`--bib` files, handed to the command as one `read_options: ReadOptions` argument."""

    @functools.wraps(command)
    def with_bibliographies(*args, bibliographies: tuple[str, ...], **kwargs):
        return command(*args, read_options=ReadOptions([Path(b) for b in bibliographies]), **kwargs)

    return click.option(
        "--bib", "bibliographies", multiple=True, type=click.Path(readable=False),
        help="Bibliography for a manuscript that names none (BibTeX, CSL-JSON or CSL-YAML; repeatable).",
    )(with_bibliographies)
