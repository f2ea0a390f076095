"""WSGI entry point: serves HTTP pages and the API (gunicorn in production)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webox.settings.prod")

application = get_wsgi_application()
