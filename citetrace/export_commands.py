"""The export and import commands: `export-bib`, `export-csl`, `export-ris` and `import-bib`.

The three exports are one command per entry of the format registry (citations/export_formats.py) over
db/selection.py and db/works.py, the same path the Datasette renderers take, so both write the same bytes
for the same works.
"""
from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import click

from citetrace.citations.export_formats import EXPORT_FORMATS, ExportFormat
from citetrace.citations.model import Work
from citetrace.citations.terminal import printable
from citetrace.common import library_or_fail, library_to_read, one_line_errors, pubmed_options, warn, write_output
from citetrace.ingest.files import read_text

MAX_BIBTEX_BYTES = 5 * 2**20
"""bibtexparser and the LaTeX decoder read about a thousand entries a second: 5 MB (some 28,000 entries) is a
large personal library read in half a minute; a larger file is refused, to be imported in parts."""


def _selected_works(db_path: str, documents: tuple[str, ...], pmids: tuple[str, ...], claim: int | None) -> list[Work]:
    from citetrace.db.selection import SelectionError, select_work_ids
    from citetrace.db.works import load_works

    db = library_to_read(db_path)
    try:
        return load_works(db, select_work_ids(db, documents=documents, pmids=pmids, claim=claim))
    except SelectionError as error:
        raise click.ClickException(f"{db_path}: {error}") from error


def _selection_options(command: Callable) -> Callable:
    """The options every export shares: the library and which of its works."""
    options = [
        click.option("--db", "db_path", required=True, help="Library database (from `citetrace build`)."),
        click.option("-o", "--output", type=click.Path(dir_okay=False, allow_dash=True), default="-",
                     help="Output file (default: stdout); written whole or not at all."),
        click.option("--document", "documents", multiple=True, help="Works cited by this document (id or slug); repeatable."),
        click.option("--pmid", "pmids", multiple=True, help="This PubMed ID; repeatable."),
        click.option("--claim", type=int, help="Works cited by this claim (id)."),
    ]
    for option in reversed(options):
        command = option(command)
    return command


def _export_command(export_format: ExportFormat) -> click.Command:
    """`export-<name>`: the selection's works written by the format's writer from the registry."""

    def export(db_path: str, output: str, documents, pmids, claim, encoding: str = "latex") -> None:
        write_output(output, export_format.write(_selected_works(db_path, documents, pmids, claim), encoding))

    export.__doc__ = export_format.summary
    if export_format.encodings:
        export = click.option(
            "--encoding", type=click.Choice(export_format.encodings), default=export_format.encodings[0],
            show_default=True, help="latex: ASCII with LaTeX accents, for classic BibTeX; unicode: UTF-8, for biber.",
        )(export)
    return click.command(f"export-{export_format.name}")(_selection_options(export))


@click.command("import-bib")
@click.argument("bib_file", type=click.Path(readable=False, path_type=Path))
@click.option("--db", "db_path", required=True, help="Library database to add the entries to.")
@click.option("--document-title", help="Title of the new document (default: the file name).")
@pubmed_options(default="off")
def import_bib(bib_file: Path, db_path: str, document_title: str | None, pubmed) -> None:
    """Add the entries of BIB_FILE as the works of a new document; broken entries are reported and skipped.

    Entries are deduplicated against the library's works; with --pubmed they are matched through PubMed (a PMID
    or DOI in an entry is its match). A file the library already holds is skipped with a message.
    """
    library_or_fail(db_path)
    import_bib_file(bib_file, db_path, document_title or bib_file.stem, pubmed)


def import_bib_file(bib_file: Path, db_path: str, title: str, pubmed) -> None:
    """Import a .bib into the library at `db_path` (`import-bib`, and `add` given a .bib), reporting on stderr."""
    from citetrace.citations.bibtex_import import parse_bibtex_entries
    from citetrace.ingest.grow import import_bibliography

    with one_line_errors():
        text, _ = read_text(bib_file, "a BibTeX file", MAX_BIBTEX_BYTES)
    entries, warnings = parse_bibtex_entries(text, str(bib_file))
    for warning in warnings:
        warn(warning)
    if not entries:
        raise click.ClickException(f"{bib_file}: no readable BibTeX entry")
    with one_line_errors():
        report = import_bibliography(entries, bib_file, Path(db_path), title, pubmed, warn)
    if report.skipped:
        click.echo(printable(report.skipped), err=True)
        return
    click.echo(f"{bib_file}: imported {len(entries)} entries as document {report.document_id} "
               f"({len(warnings)} skipped); {report.asking.summary()}", err=True)


def register(group: click.Group) -> None:
    """Add the export and import commands to the `citetrace` group."""
    for export_format in EXPORT_FORMATS:
        group.add_command(_export_command(export_format))
    group.add_command(import_bib)
