"""
Benchmarks, the top of the stack and not part of the site: ``make bench``'s load generators, their
settings and the report they write (``benchmarks/reports.py``). They may import any app; nothing
imports them.
"""
