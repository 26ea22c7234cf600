"""Reporting pipeline for the CNCRES inventories of the regional chambers (CRES/CRESS)."""

__version__ = "0.1.0"
