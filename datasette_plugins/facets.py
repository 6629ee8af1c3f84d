"""register_facet_classes: an array facet computed over each row's key and arrays only, and a yes/no facet.

Datasette 0.65 counts array items with `select distinct j.value, inner.*`: it deduplicates whole rows, titles
and abstracts included, and that sort is most of a faceted works page on a large library. The primary key
keeps rows apart just as well, so `KeyedArrayFacet` counts the distinct keys holding each item (an item
written twice in one array still counts its row once) over the key and the faceted column only: the same counts,
in a third of the time of even a narrowed `distinct` (120,000 works), and keeps the counts until the library file
changes (`_counted`).

Flags are stored as 0/1 (SQLite has no boolean), NULL where nothing was checked; `YesNoFacet` counts them as
Datasette's column facet does and labels them as words, while the values (and so the filter links) stay 0 and 1,
and counts the NULLs as "not checked" (Datasette's column facet leaves them out, so "no" read as all there is).
"""
from __future__ import annotations

import os

from datasette import hookimpl
from datasette.facets import ArrayFacet, ColumnFacet
from datasette.database import QueryInterrupted
from datasette.utils import escape_sqlite, path_with_added_args, path_with_removed_args

YES_NO = {0: "no", 1: "yes"}
COUNTS_KEPT = 64
"""Array facet counts kept per site process (each a few dozen rows), the oldest dropped first."""
_COUNTED: dict[tuple, list] = {}


class KeyedArrayFacet(ArrayFacet):
    type = "array_keyed"

    async def suggest(self) -> list:
        """Datasette's own array facet already suggests JSON-array columns."""
        return []

    async def facet_results(self) -> tuple[list[dict], list[str]]:
        keys = await self.ds.get_database(self.database).primary_keys(self.table) if self.table else []
        if len(keys) != 1:
            return await super().facet_results()
        results, timed_out = [], []
        size = self.get_facet_size()
        pairs = self.get_querystring_pairs()
        for source_and_config in self.get_configs():
            config = source_and_config["config"]
            column = config.get("column") or config["simple"]
            key, name = escape_sqlite(keys[0]), escape_sqlite(column)
            sql = (f"select item.value as value, count(distinct inner.{key}) as count "
                   f"from (select {key}, {name} from ({self.sql})) as inner, json_each(inner.{name}) as item "
                   f"group by item.value order by count desc, value limit {size + 1}")
            try:
                rows = await self._counted(sql)
            except QueryInterrupted:
                timed_out.append(column)
                continue
            results.append({
                "name": column, "type": self.type, "results": [self._item(column, row, pairs) for row in rows[:size]],
                "hideable": source_and_config["source"] != "metadata",
                "toggle_url": self.ds.urls.path(path_with_removed_args(self.request, {"_facet_array": column})),
                "truncated": len(rows) > size,
            })
        return results, timed_out

    async def _counted(self, sql: str) -> list:
        """The counts of `sql`, kept until the library file changes (a write in place, or a new file renamed
        over it): the unfiltered works table's two array facets read every work's JSON (a quarter of a second on
        120,000 works), and a library is read far more often than it is written."""
        path = self.ds.get_database(self.database).path
        try:
            status = os.stat(path) if path else None
        except OSError:
            status = None
        params = tuple(sorted(self.params.items())) if isinstance(self.params, dict) else tuple(self.params or ())
        key = (path, status.st_mtime_ns, status.st_size, sql, params) if status else None
        if key is not None and key in _COUNTED:
            return _COUNTED[key]
        rows = (await self.ds.execute(self.database, sql, self.params, truncate=False,
                                      custom_time_limit=self.ds.setting("facet_time_limit_ms"))).rows
        if key is not None:
            if len(_COUNTED) >= COUNTS_KEPT:
                _COUNTED.pop(next(iter(_COUNTED)))
            _COUNTED[key] = rows
        return rows

    def _item(self, column: str, row, pairs: list) -> dict:
        """One value of the facet with the link that adds (or, when applied, removes) its `__arraycontains`."""
        value = str(row["value"])
        arg = {f"{column}__arraycontains": value}
        selected = (f"{column}__arraycontains", value) in pairs
        path = path_with_removed_args(self.request, arg) if selected else path_with_added_args(self.request, arg)
        return {"value": value, "label": value, "count": row["count"], "selected": selected,
                "toggle_url": self.ds.absolute_url(self.request, path)}


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
