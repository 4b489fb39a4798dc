"""Capaian: an attainment warehouse for BPJS Ketenagakerjaan offices."""

__version__ = "0.1.0"
