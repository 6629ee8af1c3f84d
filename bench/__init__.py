"""Benchmarks for a library of many reviews: a corpus generator and the scripts that measure citetrace on it."""
