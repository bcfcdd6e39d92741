"""Investor rules free of Django: security identifiers and portfolio rows."""
