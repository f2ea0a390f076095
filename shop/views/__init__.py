"""HTML pages of the catalogue, one module per concern."""
