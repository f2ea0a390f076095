"""Writes on the catalogue, one module per concern; public names re-exported here."""
