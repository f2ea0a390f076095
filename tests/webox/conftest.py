"""Fixtures for the project-level tests (health, middleware, settings, deployment).

``redis_down`` and the skip of tests marked ``redis`` without REDIS_URL live in
tests/conftest.py, shared by every folder.
"""
