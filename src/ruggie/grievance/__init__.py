"""Grievance mechanism: reports from workers and communities, handled to remedy (UNGP 29, 31)."""
