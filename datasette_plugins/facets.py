"""register_facet_classes: Datasette's array facet, computed over each row's key and arrays only.

Datasette 0.65 counts array items with `select distinct j.value, inner.*`: it deduplicates whole rows, titles
and abstracts included, and that sort is most of a faceted works page on a large library. The primary key
keeps rows apart just as well, so this facet narrows the rows to the key and the faceted columns first and
gives the same counts.
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.facets import ArrayFacet
from datasette.utils import escape_sqlite


class KeyedArrayFacet(ArrayFacet):
    type = "array_keyed"

    async def suggest(self) -> list:
        """Datasette's own array facet already suggests JSON-array columns."""
        return []

    async def facet_results(self):
        if self.table:
            keys = await self.ds.get_database(self.database).primary_keys(self.table)
            columns = [source["config"].get("column") or source["config"]["simple"] for source in self.get_configs()]
            if keys and columns:
                selected = ", ".join(escape_sqlite(name) for name in [*keys, *columns])
                self.sql = f"select {selected} from ({self.sql})"
        return await super().facet_results()


@hookimpl
def register_facet_classes() -> list[type]:
    return [KeyedArrayFacet]
