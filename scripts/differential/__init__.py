"""The differential sweep's parts (scripts/differential_sweep.py runs them)."""
