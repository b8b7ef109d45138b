"""Virtual stalls: pages, catalogue, brochures, directory and analytics."""
