"""The back office's user page shows the profile, addresses and (read-only) API tokens."""

import pytest

from accounts.models import Address, ApiToken
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_user_page_lists_addresses_and_tokens_read_only(admin_client_verified):
    customer = UserFactory(phone="+33 6 12 34 56 78")
    Address.objects.create(
        user=customer, full_name="Léa Martin", line1="3 rue Lepic", postal_code="75018", city="Paris"
    )
    ApiToken.objects.create(user=customer, name="script-compta", prefix="wbx_abcdefgh", key_hash="0" * 64)
    page = admin_client_verified.get(f"/admin/accounts/user/{customer.pk}/change/").content.decode()
    assert "3 rue Lepic" in page
    assert "script-compta" in page and "wbx_abcdefgh" in page
    assert 'name="api_tokens-0-name"' not in page  # tokens are not editable here
    assert "+33 6 12 34 56 78" in page
