"""ASGI entry point: HTTP and WebSockets (daphne or uvicorn).

In production the proxy sends only ``/ws/`` here; pages go to the WSGI workers,
which serve plain HTTP several times faster (see docs/architecture.md).
"""

import os

from django.core.asgi import get_asgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "webox.settings.prod")

# Django must be set up before the routing modules import models.
django_asgi_app = get_asgi_application()

from channels.routing import ProtocolTypeRouter, URLRouter  # noqa: E402
from channels.security.websocket import AllowedHostsOriginValidator  # noqa: E402

from accounts.channels_auth import OTPAuthMiddlewareStack  # noqa: E402
from webox.routing import websocket_urlpatterns  # noqa: E402

application = ProtocolTypeRouter(
    {
        "http": django_asgi_app,
        "websocket": AllowedHostsOriginValidator(OTPAuthMiddlewareStack(URLRouter(websocket_urlpatterns))),
    }
)
