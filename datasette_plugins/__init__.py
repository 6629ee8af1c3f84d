"""Datasette plugins for citetrace."""
