"""register_routes: the URL scheme of the plugin's own pages and downloads, all under /-/citetrace/."""
from __future__ import annotations

from datasette import hookimpl

from citetrace.citations.export_formats import BY_EXTENSION
from citetrace.datasette_plugins.exports import export_selection
from citetrace.datasette_plugins.pages import claim_page, document_page, work_page
from citetrace.datasette_plugins.search import search_page
from citetrace.datasette_plugins.watch import watch_feed, watch_page


@hookimpl
def register_routes():
    formats = "|".join(BY_EXTENSION)
    return [
        (r"^/-/citetrace/claim/(?P<id>[^/]+)$", claim_page),
        (r"^/-/citetrace/work/(?P<id>[^/]+)$", work_page),
        (r"^/-/citetrace/document/(?P<id>[^/]+)$", document_page),
        (r"^/-/citetrace/search$", search_page),
        (r"^/-/citetrace/watch$", watch_page),
        (r"^/-/citetrace/watch\.atom$", watch_feed),
        (rf"^/-/citetrace/export\.(?P<format>{formats})$", export_selection),
    ]
