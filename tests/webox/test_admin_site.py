"""The Django admin is WEBOX's back office, for staff only."""

import pytest

from tests.accounts.twofactor_support import login_verified, totp_device_make

pytestmark = pytest.mark.django_db


def test_admin_login_sends_visitors_to_the_site_login(client):
    """One login flow: the site's (password, then the second factor), not a second form in the admin."""
    response = client.get("/admin/login/?next=/admin/accounts/user/")
    assert response["Location"] == "/accounts/login/?next=/admin/accounts/user/"


def test_admin_redirects_anonymous_visitors_to_its_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_refuses_a_signed_in_customer(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302


def test_admin_index_opens_for_staff_verified_by_their_second_factor(client, staff_user):
    login_verified(client, staff_user, totp_device_make(staff_user))
    response = client.get("/admin/")
    assert response.status_code == 200
    assert "WEBOX — back-office" in response.content.decode()
