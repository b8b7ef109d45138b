"""Online judging: judges, conflicts of interest, fair assignment, scoring and results."""
