"""Exhibition forms, one module per area."""
