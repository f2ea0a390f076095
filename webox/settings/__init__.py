"""Settings per run mode: ``dev`` (make run), ``test`` (make test), ``prod`` (environment)."""
