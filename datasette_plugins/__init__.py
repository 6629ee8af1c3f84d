"""Datasette plugins for citetrace, registered as one plugin module (entry point `datasette: citetrace`).

pluggy finds hooks as attributes of this module, so each hook family's module contributes its functions here;
a hook two modules implement (`asgi_wrapper`) is one function here that composes theirs.
"""
from typing import Any

from datasette import hookimpl

from citetrace.datasette_plugins import broad_searches, csv_cells, live_library
from citetrace.datasette_plugins.cells import render_cell
from citetrace.datasette_plugins.context import extra_css_urls, extra_template_vars
from citetrace.datasette_plugins.exports import register_output_renderer
from citetrace.datasette_plugins.facets import register_facet_classes
from citetrace.datasette_plugins.labels import prepare_jinja2_environment
from citetrace.datasette_plugins.limits import prepare_connection
from citetrace.datasette_plugins.live_library import get_metadata
from citetrace.datasette_plugins.routes import register_routes


@hookimpl
def asgi_wrapper(datasette: Any) -> Any:
    """The served library kept live (`live_library`) around the CSV with formula cells neutralised (`csv_cells`)
    and broad searches without their facets (`broad_searches`)."""
    live, csv = live_library.asgi_wrapper(datasette), csv_cells.asgi_wrapper()
    broad = broad_searches.asgi_wrapper(datasette)
    return lambda app: live(csv(broad(app)))

__all__ = [
    "asgi_wrapper",
    "extra_css_urls",
    "extra_template_vars",
    "get_metadata",
    "prepare_connection",
    "prepare_jinja2_environment",
    "register_facet_classes",
    "register_output_renderer",
    "register_routes",
    "render_cell",
]
