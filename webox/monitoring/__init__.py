"""Operations: metrics for Prometheus, automatic alerts, error tracking and the admin's monitoring page."""
