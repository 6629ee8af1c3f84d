"""register_facet_classes: an array facet computed over each row's key and arrays only, and a yes/no facet.

Datasette 0.65 counts array items with `select distinct j.value, inner.*`: it deduplicates whole rows, titles
and abstracts included, and that sort is most of a faceted works page on a large library. The primary key
keeps rows apart just as well, so `KeyedArrayFacet` narrows the rows to the key and the faceted columns first
and gives the same counts.

Flags are stored as 0/1 (SQLite has no boolean), NULL where nothing was checked; `YesNoFacet` counts them as
Datasette's column facet does and labels them as words, while the values (and so the filter links) stay 0 and 1,
and counts the NULLs as "not checked" (Datasette's column facet leaves them out, so "no" read as all there is).
"""
from __future__ import annotations

from datasette import hookimpl
from datasette.facets import ArrayFacet, ColumnFacet
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

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
            column = facet["name"]
            unknown = (await self.ds.execute(
                self.database, f"select count(*) from ({self.sql}) where {escape_sqlite(column)} is null",
                self.params)).first()[0]
            if unknown:
                facet["results"].append(self._not_checked(column, unknown))
        return results, timed_out

    def _not_checked(self, column: str, count: int) -> dict:
        """The facet item of the rows whose flag is NULL, filtering on `column__isnull=1`."""
        arg = f"{column}__isnull"
        selected = (arg, "1") in self.get_querystring_pairs()
        path = (path_with_removed_args(self.request, {arg: "1"}) if selected
                else path_with_added_args(self.request, {arg: "1"}))
        return {"value": None, "label": "not checked", "count": count, "selected": selected,
                "toggle_url": self.ds.absolute_url(self.request, self.ds.urls.path(path))}


@hookimpl
def register_facet_classes() -> list[type]:
    return [KeyedArrayFacet, YesNoFacet]
