"""Document readers: one module per format, each producing the one `Document` model."""
