"""Benchmarks (not part of the site): see ``benchmarks/reports.py``."""
