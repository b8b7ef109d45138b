"""Every state change of the exhibition, one module per area."""
