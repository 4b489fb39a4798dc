"""Generators of synthetic sample data (labelled synthetic wherever it lands)."""
