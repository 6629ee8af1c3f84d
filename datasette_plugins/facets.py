"""register_facet_classes: an array facet computed over each row's key and arrays only, and a yes/no facet.

Datasette 0.65 counts array items with `select distinct j.value, inner.*`: it deduplicates whole rows, titles
and abstracts included, and that sort is most of a faceted works page on a large library. The primary key
keeps rows apart just as well, so `KeyedArrayFacet` narrows the rows to the key and the faceted columns first
and gives the same counts.

Flags are stored as 0/1 (SQLite has no boolean); `YesNoFacet` counts them as Datasette's column facet does and
labels them as words, while the values (and so the filter links) stay 0 and 1.
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.facets import ArrayFacet, ColumnFacet
from datasette.utils import escape_sqlite

YES_NO = {0: "no", 1: "yes"}


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


class YesNoFacet(ColumnFacet):
    type = "yes_no"

    async def suggest(self) -> list:
        return []

    async def facet_results(self):
        results, timed_out = await super().facet_results()
        for facet in results:
            for item in facet["results"]:
                item["label"] = YES_NO.get(item["value"], item["label"])
        return results, timed_out


@hookimpl
def register_facet_classes() -> list[type]:
    return [KeyedArrayFacet, YesNoFacet]
