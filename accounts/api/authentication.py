"""``Authorization: Token <key>`` with WEBOX's hashed personal tokens (``accounts.ApiToken``)."""

import hmac

from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from drf_spectacular.extensions import OpenApiAuthenticationExtension
from drf_spectacular.plumbing import build_bearer_security_scheme_object
from rest_framework import exceptions
from rest_framework.authentication import BaseAuthentication, get_authorization_header

from accounts.models import ApiToken
from accounts.services import api_token_touch
from accounts.services.tokens import TOKEN_PREFIX_LENGTH, api_token_hash


class ApiTokenAuthentication(BaseAuthentication):
    """Find the token by its prefix, compare SHA-256 hashes in constant time, refuse expired ones.

    ``request.auth`` is the ``ApiToken``, so a view can tell a script from a browser session.
    """

    keyword = "Token"

    def authenticate(self, request):
        parts = get_authorization_header(request).split()
        if not parts or parts[0].lower() != self.keyword.lower().encode():
            return None
        if len(parts) != 2:
            raise exceptions.AuthenticationFailed(_("Invalid token header."))
        try:
            key = parts[1].decode()
        except UnicodeError as exc:
            raise exceptions.AuthenticationFailed(_("Invalid token header.")) from exc
        return self.authenticate_credentials(key)

    def authenticate_credentials(self, key: str):
        token = self._find(key)
        if token is None or not token.user.is_active:
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        if token.expires_at is not None and token.expires_at <= timezone.now():
            raise exceptions.AuthenticationFailed(_("Token expired."))
        api_token_touch(token=token)
        return token.user, token

    def _find(self, key: str) -> ApiToken | None:
        """Return the token whose hash matches ``key``, comparing every candidate in constant time."""
        if len(key) <= TOKEN_PREFIX_LENGTH:
            return None
        digest = api_token_hash(key)
        found = None
        for token in ApiToken.objects.select_related("user").filter(prefix=key[:TOKEN_PREFIX_LENGTH]):
            if hmac.compare_digest(token.key_hash, digest):
                found = token
        return found

    def authenticate_header(self, request) -> str:
        return self.keyword


class ApiTokenAuthenticationScheme(OpenApiAuthenticationExtension):
    """Describe ``Authorization: Token <key>`` in the OpenAPI schema."""

    target_class = ApiTokenAuthentication
    name = "tokenAuth"

    def get_security_definition(self, auto_schema):
        return build_bearer_security_scheme_object(header_name="Authorization", token_prefix="Token")
