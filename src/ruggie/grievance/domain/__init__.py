"""The grievance mechanism's rules, free of Django: receipts, sealing, the case workflow,
attachment cleaning and the effectiveness measures."""
