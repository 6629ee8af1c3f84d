"""The commands that grow and prune a library in place: `add`, `remove` and `list`.

Each is a thin layer over ingest/ (reading and enriching documents) and db/ (writing them in one transaction).
"""
from __future__ import annotations

import click

from citetrace.common import library_or_fail


@click.command("remove")
@click.argument("documents", nargs=-1, required=True)
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="Library database.")
def remove(documents: tuple[str, ...], db_path: str) -> None:
    """Remove DOCUMENTS (ids or slugs) and the works no other document cites."""
    from db.removal import remove_documents
    from db.selection import SelectionError, document_id_of

    db = library_or_fail(db_path)
    try:
        ids = list(dict.fromkeys(document_id_of(db, document) for document in documents))
    except SelectionError as error:
        raise click.ClickException(f"{db_path}: {error}") from None
    removed = remove_documents(db, ids)
    click.echo(
        f"{db_path}: removed {removed.documents} document(s), {removed.citations} citations, {removed.claims} claims "
        f"and {removed.works} works no other document cites",
        err=True,
    )


@click.command("list")
@click.option("--db", "db_path", required=True, type=click.Path(dir_okay=False), help="Library database.")
def list_documents(db_path: str) -> None:
    """One line per document: id, slug, format, citations, claims, title."""
    from db.queries import document_list

    for row in document_list(library_or_fail(db_path)):
        click.echo(f"{row['id']}\t{row['slug']}\t{row['format']}\t{row['citations']}\t{row['claims']}\t{row['title']}")


def register(group: click.Group) -> None:
    """Add the library commands to the `citetrace` group."""
    for command in (remove, list_documents):
        group.add_command(command)
