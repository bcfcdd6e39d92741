"""Versioned reference data files shipped with ruggie (read via importlib.resources)."""
