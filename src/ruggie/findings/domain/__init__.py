"""Plain-Python rules for findings (no Django): severity, involvement, lifecycle, raising."""
