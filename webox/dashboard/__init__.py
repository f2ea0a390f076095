"""The back-office dashboard: business figures for a period, read by aggregate queries (``selectors``)."""
