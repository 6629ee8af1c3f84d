"""The citetrace command line: a thin click layer over ingest/, citations/ and db/.

Every command turns bad input into one line on stderr (file, line, problem) and a non-zero exit.
"""
from __future__ import annotations

import gc
import json
import sys
import time
from pathlib import Path

import click

from citetrace.citations.claims import claims_to_json
from citetrace.citations.model import Document
from citetrace.citations.reference_csl import reference_to_csl
from citetrace.citations.terminal import printable, printable_lines
from citetrace.common import (
    bib_option,
    format_option,
    library_or_fail,
    library_to_read,
    one_line_errors,
    pubmed_options,
    status_summary,
    warn,
)
from citetrace.export_commands import register as register_export_commands
from citetrace.library_commands import register as register_library_commands
from citetrace.ingest.build import build_library, capped_warnings, document_references, parse_document
from citetrace.ingest.readers.formats import ReadOptions, read_documents


def _dump_json(value: object) -> None:
    click.echo(json.dumps(value, ensure_ascii=False, indent=2))


def _read_one(path: str, format: str, read_options: ReadOptions) -> Document:
    """The one document at `path` (a folder that holds several is refused: these commands print one list)."""
    with one_line_errors():
        documents = read_documents(path, format, read_options)
    if len(documents) > 1:
        raise click.ClickException(f"{path}: holds {len(documents)} documents; give one of them")
    return documents[0]


class OneLineErrors(click.Group):
    """The command group whose errors are one line each: a file name or quoted text with a line break or a
    terminal escape in it is printed escaped (`printable`)."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except click.UsageError:
            raise
        except click.ClickException as error:
            raise click.ClickException(printable(error.format_message())) from None


YOUNG_COLLECTION_THRESHOLD = 20_000
"""Allocations between collections of Python's youngest generation (its default is 700). A build keeps each batch
of documents, and the PubMed records they cite, alive while it matches and writes them: collected every 700
allocations they reach the oldest generation, whose collections walk the whole heap (a quarter of a 1,000-review
build's time). Collected less often, most of them are gone before then (`bench.bench_build`)."""


@click.group(cls=OneLineErrors)
@click.version_option(package_name="citetrace")
def main() -> None:
    """citetrace: what a review's claims rest on."""
    gc.set_threshold(YOUNG_COLLECTION_THRESHOLD, *gc.get_threshold()[1:])


@main.command()
@click.argument("documents", nargs=-1, type=click.Path(readable=False))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, readable=False), help="SQLite file to write.")
@pubmed_options
@format_option
@bib_option
@click.option("--replace", is_flag=True, help="Drop the documents of an existing library that are not among DOCUMENTS.")
def build(documents, db_path, pubmed, format, read_options, replace) -> None:
    """Build a new library at --db from exactly DOCUMENTS (default: the bundled seed review).

    An existing library is replaced only when every document it holds is among DOCUMENTS, or with --replace;
    `citetrace add` adds to it instead.
    """
    started = time.perf_counter()
    with one_line_errors():
        report = build_library(list(documents), Path(db_path), pubmed, warn, format, read_options, replace)
    counts = report.counts
    click.echo(
        f"{db_path}: {counts.documents} document(s), {counts.citations} citations ({status_summary(counts.statuses)}), "
        f"{counts.works} works, {counts.claims} claims; {report.asking.summary()}; "
        f"{time.perf_counter() - started:.1f} s",
        err=True,
    )


@main.command("parse-refs")
@click.argument("file", type=click.Path(readable=False))
@format_option
@bib_option
def parse_refs(file: str, format: str, read_options: ReadOptions) -> None:
    """Print FILE's reference list (a manuscript's cited entries, in order of first citation) as CSL-JSON."""
    document = _read_one(file, format, read_options)
    with one_line_errors():
        references, warnings = document_references(document)
    for warning in capped_warnings(file, warnings):
        warn(warning)
    _dump_json([reference_to_csl(reference) for reference in references])


@main.command()
@click.argument("file", type=click.Path(readable=False))
@format_option
@bib_option
def claims(file: str, format: str, read_options: ReadOptions) -> None:
    """Print FILE's claims (cited clauses and uncited sentences) as JSON, in reading order."""
    document = _read_one(file, format, read_options)
    with one_line_errors():
        parsed = parse_document(document)
    claim_warnings = [f"{file}: {warning}" for claim in parsed.claims for warning in claim.warnings]
    for warning in capped_warnings(file, document.warnings + claim_warnings):
        warn(warning)
    _dump_json(claims_to_json(parsed.claims))


@main.command()
@click.argument("query")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, readable=False))
@click.option("--json", "as_json", is_flag=True, help="Print JSON instead of text.")
@click.option("--limit", default=50, show_default=True)
@click.option("--depth", default=1, show_default=True, type=click.IntRange(1, 5),
              help="2 or more: follow a cited reference that is a document of the library on to its own claims.")
def trace(query: str, db_path: str, as_json: bool, limit: int, depth: int) -> None:
    """Claims whose text matches QUERY, with the references they cite, their PubMed identifiers, and each
    reference's best evidence sentence with its verdict."""
    from citetrace.trace_text import format_trace
    from citetrace.db.queries import trace_claims

    traced = trace_claims(library_to_read(db_path), query, limit, depth)
    if as_json:
        _dump_json(traced)
    elif traced:
        click.echo(printable_lines(format_trace(traced)), nl=False)
    else:
        click.echo(f"no claim matches {query!r}", err=True)


@main.command()
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, readable=False))
@click.option("--port", default=8001, show_default=True)
@click.option("--host", default="127.0.0.1", show_default=True)
def serve(db_path: str, port: int, host: str) -> None:
    """Serve the database read-only with Datasette, the project's plugins and metadata.

    Changes made by `add`, `remove`, `import-bib` or a new `build` show on the next page load.
    """
    from citetrace.datasette_plugins.serve import busy_port_message, serve_library

    from citetrace.db.upgrade import needs_upgrade

    if needs_upgrade(library_or_fail(db_path)):
        click.echo(f"{db_path}: made by an earlier version of citetrace; served upgraded in memory, the file left as "
                   f"it is (`citetrace upgrade --db {db_path}` upgrades it and checks its claims' evidence)", err=True)
    busy = busy_port_message(host, port, "choose another with --port {}")
    if busy:
        raise click.ClickException(busy)
    serve_library(Path(db_path), host=host, port=port)


register_export_commands(main)
register_library_commands(main)


if __name__ == "__main__":
    sys.exit(main())
