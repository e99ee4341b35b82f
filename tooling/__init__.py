"""Tooling around the pipeline (sample and scale generators, the benchmark harness, synthetic suppliers): the
code location never loads it."""
