"""The Django admin is WEBOX's back office, for staff only."""

import pytest

pytestmark = pytest.mark.django_db


def test_admin_login_page_shows_the_back_office_title(client):
    response = client.get("/admin/login/")
    assert response.status_code == 200
    assert "WEBOX — back-office" in response.content.decode()


def test_admin_redirects_anonymous_visitors_to_its_login(client):
    response = client.get("/admin/")
    assert response.status_code == 302
    assert response["Location"].startswith("/admin/login/")


def test_admin_refuses_a_signed_in_customer(client, user):
    client.force_login(user)
    response = client.get("/admin/")
    assert response.status_code == 302


def test_admin_index_opens_for_staff(client, staff_user):
    client.force_login(staff_user)
    assert client.get("/admin/").status_code == 200
