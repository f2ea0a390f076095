"""The account page, the profile form, notification preferences and GET/PATCH /api/v1/me/."""

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import translation
from rest_framework.test import APIClient

from accounts.forms import NotificationPreferencesForm
from accounts.models import User
from accounts.preferences import NOTIFICATION_KINDS, notification_preference, notification_preferences_resolved
from tests.factories import UserFactory

from .profile_support import verified_user_make

pytestmark = pytest.mark.django_db

ORDER_AND_TICKET_KINDS = {"order_paid", "order_shipped", "order_delivered", "order_cancelled", "order_refunded"} | {
    "ticket_reply",
    "ticket_status",
}


@pytest.fixture
def member(client):
    user = verified_user_make(display_name="Léa", phone="")
    client.force_login(user)
    return user


@pytest.fixture
def api(member):
    client = APIClient()
    client.force_authenticate(member)
    return client


def _optional_url(*names: str) -> str | None:
    for name in names:
        try:
            return reverse(name)
        except NoReverseMatch:
            continue
    return None


def test_account_page_requires_login(client):
    response = client.get(reverse("accounts:account"))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize(("prefix", "lang"), [("", "fr"), ("/en", "en")])
def test_account_page_links_every_account_section(client, member, prefix, lang):
    response = client.get(f"{prefix}/account/")
    body = response.content.decode()
    assert response.status_code == 200 and f'<html lang="{lang}">' in body
    with translation.override(lang):
        names = ["account_email", "account_change_password", "accounts:addresses", "accounts:tokens"]
        expected = [reverse(name) for name in [*names, "accounts:notifications", "accounts:privacy"]]
        # Pages of the two-factor and audit-log work, when they exist.
        expected += filter(None, [_optional_url("accounts:twofactor-manage", "twofactor-manage")])
        expected += filter(None, [_optional_url("accounts:security")])
    for path in expected:
        assert f'href="{path}"' in body, path


def test_profile_form_saves_name_phone_and_language(client, member):
    response = client.post(
        reverse("accounts:account"),
        {"display_name": "  Léa Martin ", "phone": "+33 6 12 34 56 78", "preferred_language": "en"},
    )
    assert response.status_code == 302
    member.refresh_from_db()
    assert (member.display_name, member.phone, member.preferred_language) == ("Léa Martin", "+33 6 12 34 56 78", "en")


@pytest.mark.parametrize("phone", ["<script>", "12", "+33 6 12 34 56 78 90 12 34 56"])
def test_profile_form_refuses_a_bad_phone(client, member, phone):
    response = client.post(reverse("accounts:account"), {"phone": phone, "preferred_language": "fr"})
    assert response.status_code == 400
    assert "phone" in response.context["form"].errors
    member.refresh_from_db()
    assert member.phone == ""


# -- Notification preferences -------------------------------------------------


def test_notification_defaults_are_site_for_all_and_email_for_orders_tickets_and_security():
    user = User(notification_preferences={})
    for kind in NOTIFICATION_KINDS:
        expected_email = kind.name in ORDER_AND_TICKET_KINDS | {"security_alert", "cart_reminder"}
        expected_site = not kind.email_only  # the forgotten-cart reminder is an email and nothing else
        assert notification_preference(user, kind.name) == {"site": expected_site, "email": expected_email}, kind.name


@pytest.mark.django_db
def test_staff_only_kinds_are_offered_to_staff_and_never_to_customers():
    customer, staff = UserFactory(), UserFactory(is_staff=True)
    assert "alert-site" not in NotificationPreferencesForm(user=customer).fields
    assert "alert-site" in NotificationPreferencesForm(user=staff).fields


def test_notification_preference_reads_stored_choices_and_keeps_security_email_on():
    user = User(notification_preferences={"order_paid": {"email": False}, "security_alert": {"email": False}})
    assert notification_preference(user, "order_paid") == {"site": True, "email": False}
    assert notification_preference(user, "security_alert")["email"] is True


def test_notification_preference_refuses_an_unknown_kind():
    with pytest.raises(KeyError):
        notification_preference(User(), "newsletter")


def test_notification_page_saves_the_checkboxes(client, member):
    form = NotificationPreferencesForm(user=member)
    data = {name: "on" for name, field in form.fields.items() if field.initial}
    data.pop("order_shipped-email")
    data.pop("ai_job_failed-site")
    data["ai_job_finished-email"] = "on"
    data.pop("security_alert-email")  # a disabled box: the browser does not send it
    response = client.post(reverse("accounts:notifications"), data)
    assert response.status_code == 302
    member.refresh_from_db()
    resolved = notification_preferences_resolved(member)
    assert resolved["order_shipped"] == {"site": True, "email": False}
    assert resolved["ai_job_failed"] == {"site": False, "email": False}
    assert resolved["ai_job_finished"] == {"site": True, "email": True}
    assert resolved["security_alert"] == {"site": True, "email": True}


@pytest.mark.parametrize("prefix", ["", "/en"])
def test_notification_page_renders(client, member, prefix):
    response = client.get(f"{prefix}/account/notifications/")
    assert response.status_code == 200
    assert 'name="security_alert-email"' in response.content.decode()
    assert response.context["form"].fields["security_alert-email"].disabled


# -- GET/PATCH /api/v1/me/ ------------------------------------------------------


def test_me_returns_the_profile_fields(api, member):
    body = api.get("/api/v1/me/").json()
    assert body["email"] == member.email and body["email_verified"] is True
    assert body["display_name"] == "Léa" and body["phone"] == "" and body["avatar"] is None
    assert body["notification_preferences"]["order_paid"] == {"site": True, "email": True}
    assert body["notification_preferences"]["low_credits"] == {"site": True, "email": False}


def test_me_patch_updates_phone_language_name_and_preferences(api, member):
    response = api.patch(
        "/api/v1/me/",
        {
            "phone": "06 12 34 56 78",
            "preferred_language": "en",
            "display_name": "Léa M.",
            "notification_preferences": {"comment_reply": {"email": True}, "order_paid": {"site": False}},
        },
    )
    assert response.status_code == 200
    member.refresh_from_db()
    assert (member.phone, member.preferred_language, member.display_name) == ("06 12 34 56 78", "en", "Léa M.")
    assert notification_preference(member, "comment_reply") == {"site": True, "email": True}
    assert notification_preference(member, "order_paid") == {"site": False, "email": True}
    assert response.json()["notification_preferences"]["order_paid"]["site"] is False


def test_me_patch_cannot_turn_off_security_alert_emails(api, member):
    response = api.patch("/api/v1/me/", {"notification_preferences": {"security_alert": {"email": False}}})
    assert response.status_code == 200
    assert response.json()["notification_preferences"]["security_alert"]["email"] is True


@pytest.mark.parametrize(
    "preferences",
    [{"newsletter": {"email": True}}, {"order_paid": {"sms": True}}, {"order_paid": {"email": "yes"}}, ["order_paid"]],
)
def test_me_patch_refuses_bad_preferences(api, member, preferences):
    response = api.patch("/api/v1/me/", {"notification_preferences": preferences})
    assert response.status_code == 400
    assert "notification_preferences" in response.json()["fields"]
    member.refresh_from_db()
    assert member.notification_preferences == {}


def test_me_patch_ignores_mass_assignment(api, member):
    """Only the declared profile fields are read: privileges, identity and stamps are ignored."""
    other = UserFactory()
    before = User.objects.values().get(pk=member.pk)
    response = api.patch(
        "/api/v1/me/",
        {
            "is_staff": True,
            "is_superuser": True,
            "is_active": False,
            "email": "attacker@example.com",
            "id": other.pk,
            "session_stamp": "0" * 32,
            "password": "pwned-password-123",
            "date_joined": "2000-01-01T00:00:00Z",
            "terms_accepted_at": "2000-01-01T00:00:00Z",
            "avatar": "avatars/../../etc/passwd",
            "groups": [1],
        },
    )
    assert response.status_code == 200
    assert User.objects.values().get(pk=member.pk) == before
    assert response.json()["id"] == member.pk and response.json()["is_staff"] is False
    other_after = User.objects.get(pk=other.pk)
    assert other_after.email != "attacker@example.com"


def test_me_has_no_object_id_to_tamper_with(api, member):
    """IDOR is impossible by construction: /me/ has no id, so it is always the caller."""
    other = UserFactory()
    assert api.get(f"/api/v1/me/{other.pk}/").status_code == 404
    assert api.get(f"/api/v1/me/?id={other.pk}&email={other.email}").json()["id"] == member.pk
    api.patch(f"/api/v1/me/?id={other.pk}", {"display_name": "Changed"})
    other.refresh_from_db()
    assert other.display_name != "Changed"
