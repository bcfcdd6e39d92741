"""Investors: portfolios of holdings, disclosure assessments and engagements."""
