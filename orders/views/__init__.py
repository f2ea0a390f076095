"""HTML pages of orders."""
