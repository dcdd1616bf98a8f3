"""Benchmark harness: a national-scale data set, gunicorn, a load generator and query counts.

Run ``python bench/run.py --quick`` (or ``python -m bench.run``); see ``bench/RESULTS.md``.
"""
