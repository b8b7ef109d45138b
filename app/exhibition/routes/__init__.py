"""Public exhibition pages and the exhibitor's own pages."""
