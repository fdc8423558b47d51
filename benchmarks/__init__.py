"""Benchmarks of the sync tool: ``python benchmarks/run.py`` (see its docstring)."""
