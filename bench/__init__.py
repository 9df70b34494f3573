"""Benchmarks: each module measures one part of the app against its goal (`bench/run.py`)."""
