"""Findings, corrective action plans and remedy: where every source of evidence ends."""
