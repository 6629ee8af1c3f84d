"""The commands that grow and prune a library in place: `add`, `remove` and `list`.

Each is a thin layer over ingest/ (reading and enriching documents) and db/ (writing them in one transaction).
"""
from __future__ import annotations

import json
import time
from pathlib import Path

import click

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
from citetrace.ingest.readers.formats import ReadOptions


@click.command("add")
@click.argument("documents", nargs=-1, type=click.Path(readable=False))
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, readable=False),
              help="Library database (created when absent).")
@pubmed_options
@format_option
@bib_option
def add(documents: tuple[str, ...], db_path: str, pubmed, format: str, read_options: ReadOptions) -> None:
    """Add DOCUMENTS (default: the bundled seed review) to the library in place, in one transaction.

    Works the library already has are reused (a reference it holds as a PubMed record needs no request), and
    the response cache is read as a build reads it; content already in the library is skipped with a message.
    A BibTeX file (.bib) is imported as `import-bib` imports it, as a document of its own.
    """
    from citetrace.export_commands import import_bib_file

    bibs = [Path(document) for document in documents if Path(document).suffix.lower() == ".bib"]
    documents = tuple(document for document in documents if Path(document).suffix.lower() != ".bib")
    if documents or not bibs:
        _add_documents(documents, db_path, pubmed, format, read_options)
    for bib in bibs:
        import_bib_file(bib, db_path, bib.stem, pubmed)


def _add_documents(documents: tuple[str, ...], db_path: str, pubmed, format: str, read_options: ReadOptions) -> None:
    from citetrace.ingest.grow import add_to_library

    started = time.perf_counter()
    with one_line_errors():
        report = add_to_library(list(documents), Path(db_path), pubmed, warn, format, read_options)
    for line in report.skipped:
        click.echo(printable(line), err=True)
    counts = report.counts
    if not counts.documents:
        click.echo(f"{db_path}: nothing added; {counts.works} works in all", err=True)
        return
    click.echo(
        f"{db_path}: added {counts.documents} document(s), {counts.citations} citations "
        f"({status_summary(counts.statuses)}), "
        f"{counts.claims} claims, {counts.assessed} claim-citation pairs checked against their sources; "
        f"{report.reused} references matched to works the library held; "
        f"{counts.works} works in all; {report.asking.summary()}; {time.perf_counter() - started:.1f} s",
        err=True,
    )


@click.command("remove")
@click.argument("documents", nargs=-1, required=True)
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, readable=False), help="Library database.")
def remove(documents: tuple[str, ...], db_path: str) -> None:
    """Remove DOCUMENTS (ids or slugs) and the works no other document cites."""
    from citetrace.db.removal import remove_documents
    from citetrace.db.selection import SelectionError, document_id_of
    from citetrace.db.writing import writing

    db = library_or_fail(db_path)
    try:
        ids = list(dict.fromkeys(document_id_of(db, document) for document in documents))
    except SelectionError as error:
        raise click.ClickException(f"{db_path}: {error}") from None
    with one_line_errors(), writing(Path(db_path), db):
        removed = remove_documents(db, ids)
    click.echo(
        f"{db_path}: removed {removed.documents} document(s), {removed.citations} citations, {removed.claims} claims "
        f"and {removed.works} works no other document cites",
        err=True,
    )


@click.command("list")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, readable=False), help="Library database.")
def list_documents(db_path: str) -> None:
    """One line per document: id, slug, format, citations, claims, title."""
    from citetrace.db.queries import document_list

    for row in document_list(library_to_read(db_path)):
        slug, title = printable(str(row["slug"])), printable(str(row["title"]))
        click.echo(f"{row['id']}\t{slug}\t{row['format']}\t{row['citations']}\t{row['claims']}\t{title}")


@click.command("refresh")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, readable=False), help="Library database.")
@pubmed_options
@click.option("--json", "as_json", is_flag=True, help="Print what changed as JSON.")
def refresh(db_path: str, pubmed, as_json: bool) -> None:
    """Ask PubMed again for pending, ambiguous and identified citations and re-read the library's PubMed records:
    print each newly retracted, concerned or corrected work with the claims resting on it, then new matches."""
    from dataclasses import asdict

    from citetrace.ingest.refresh import refresh_library

    library_or_fail(db_path)
    started = time.perf_counter()
    with one_line_errors():
        report, asking = refresh_library(Path(db_path), pubmed, warn)
    if as_json:
        click.echo(json.dumps({"notices": [asdict(notice) for notice in report.notices], "matches": report.matches,
                               "status_changes": report.statuses, "reread": report.reread,
                               "requests": {"answered": asking.answered, "failed": asking.failed},
                               "pubmed_asked": asking.asked}, ensure_ascii=False, indent=2))
    else:
        click.echo(printable_lines(refresh_text(report)), nl=False)
    click.echo(f"{db_path}: re-read {report.reread} PubMed records; {asking.summary()}; "
               f"{time.perf_counter() - started:.1f} s", err=True)


def refresh_text(report) -> str:
    """What a refresh changed, for the terminal: notices first, with the claims resting on each work."""
    if not report.changed:
        return "no changes\n"
    lines = []
    for notice in report.notices:
        lines.append(f"{', '.join(notice.kinds)}: work {notice.work_id}"
                     f"{f' (PMID {notice.pmid})' if notice.pmid else ''} {notice.title or ''}".rstrip())
        lines += [f"  claim {claim['id']} ({claim['document']}): {claim['text']}" for claim in notice.claims]
        if not notice.claims:
            lines.append("  no claim cites it")
    lines += [f"new match: citation {match['citation_id']} (document {match['document_id']}, reference "
              f"{match['number']}) -> PMID {match['pmid']} {match['title'] or ''}".rstrip() for match in report.matches]
    lines += [f"{count} citation{'s' if count != 1 else ''} {change}" for change, count in sorted(report.statuses.items())]
    return "\n".join(lines) + "\n"


@click.command("upgrade")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False, readable=False), help="Library database.")
def upgrade(db_path: str) -> None:
    """Upgrade a library made by an earlier version of citetrace in place (every command that writes does it
    too): the new tables and columns, and its statuses and flags said as this version says them."""
    from citetrace.db.upgrade import needs_upgrade
    from citetrace.db.writing import upgrade_in_place

    db = library_or_fail(db_path)
    if not needs_upgrade(db):
        click.echo(f"{db_path}: already up to date", err=True)
        return
    with one_line_errors():
        upgrade_in_place(Path(db_path), db)
    click.echo(f"{db_path}: upgraded in place", err=True)


def register(group: click.Group) -> None:
    """Add the library commands to the `citetrace` group."""
    for command in (add, remove, list_documents, refresh, upgrade):
        group.add_command(command)
