"""WEBOX: storefront, AI studio, blog and help desk in one Django project."""

from .celery import app as celery_app

__all__ = ("celery_app",)
