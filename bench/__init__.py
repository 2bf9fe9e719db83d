"""Scale benchmarks: a big-database generator and query timings (see README.md here).

Not part of the installed package; tests import the generator to build their big database.
"""
