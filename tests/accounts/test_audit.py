"""The security audit log: what is recorded, the new-device email, staff changes, the user's activity page."""

import re

import pytest
from allauth.account.models import EmailAddress, EmailConfirmationHMAC
from django.contrib import admin
from django.contrib.messages.storage.fallback import FallbackStorage
from django.contrib.sessions.backends.cache import SessionStore
from django.core import mail
from django.test import RequestFactory

from accounts.admin import SecurityEventAdmin, UserAdmin
from accounts.models import SecurityEvent, User
from accounts.selectors import security_events_for_user
from accounts.services.audit import security_event_record
from accounts.services.lockout import login_lockout_remaining
from tests.factories import DEFAULT_PASSWORD, UserFactory

from .security_support import CHROME_ANDROID, FIREFOX_LINUX, LOGOUT_URL, login_post, member_make

pytestmark = pytest.mark.django_db
Type = SecurityEvent.Type


def _types(user=None) -> list[str]:
    events = SecurityEvent.objects.order_by("pk")
    return [event.type for event in (events.filter(user=user) if user else events)]


# ---------------------------------------------------------------------------
# Logins, logouts, passwords, email
# ---------------------------------------------------------------------------
def test_login_success_is_recorded_with_ip_user_agent_and_device(client):
    user = member_make()
    login_post(client, user.email, DEFAULT_PASSWORD, REMOTE_ADDR="198.51.100.20", HTTP_USER_AGENT=FIREFOX_LINUX)

    event = SecurityEvent.objects.get(type=Type.LOGIN_SUCCESS)
    assert event.user == user
    assert event.ip == "198.51.100.20"
    assert event.user_agent == FIREFOX_LINUX
    assert event.details == {"device": "Firefox · Linux"}


def test_login_failure_is_recorded_for_the_account(client):
    user = member_make()
    login_post(client, user.email, "wrong-password")
    event = SecurityEvent.objects.get(type=Type.LOGIN_FAILURE)
    assert event.user == user
    assert event.ip == "127.0.0.1"


def test_login_failure_for_an_unknown_email_keeps_the_login_tried(client):
    login_post(client, "Nobody@Example.com", "wrong-password")
    event = SecurityEvent.objects.get(type=Type.LOGIN_FAILURE)
    assert event.user is None
    assert event.details == {"login": "nobody@example.com"}


def test_logout_is_recorded(client):
    user = member_make()
    login_post(client, user.email, DEFAULT_PASSWORD)
    client.post(LOGOUT_URL)
    assert _types(user) == [Type.LOGIN_SUCCESS, Type.LOGOUT]


def test_password_change_is_recorded(client):
    user = member_make()
    client.force_login(user)
    new_password = "a-brand-new-passphrase-2026"
    response = client.post(
        "/en/accounts/password/change/",
        {"oldpassword": DEFAULT_PASSWORD, "password1": new_password, "password2": new_password},
    )
    assert response.status_code == 302
    assert SecurityEvent.objects.filter(user=user, type=Type.PASSWORD_CHANGED).count() == 1


def test_password_reset_is_recorded_and_lifts_a_lockout(client):
    user = member_make()
    for _ in range(5):
        login_post(client, user.email, "wrong-password")
    client.post("/en/accounts/password/reset/", {"email": user.email})
    link = re.search(r"http://testserver(/\S+/password/reset/key/\S+/)", mail.outbox[-1].body).group(1)
    set_password_url = client.get(link)["Location"]
    new_password = "a-brand-new-passphrase-2026"
    client.post(set_password_url, {"password1": new_password, "password2": new_password})

    assert SecurityEvent.objects.filter(user=user, type=Type.PASSWORD_RESET).count() == 1
    assert login_lockout_remaining(login=user.email) is None


def test_email_confirmation_is_recorded(client):
    user = UserFactory()
    address = EmailAddress.objects.create(user=user, email=user.email, verified=False, primary=True)
    key = EmailConfirmationHMAC(address).key
    client.post(f"/en/accounts/confirm-email/{key}/")
    event = SecurityEvent.objects.get(type=Type.EMAIL_VERIFIED)
    assert event.user == user
    assert event.details == {"email": user.email}


# ---------------------------------------------------------------------------
# New device
# ---------------------------------------------------------------------------
def _login_from(client, user, ip: str, user_agent: str, capture) -> None:
    with capture(execute=True):
        response = login_post(client, user.email, DEFAULT_PASSWORD, REMOTE_ADDR=ip, HTTP_USER_AGENT=user_agent)
        assert response.status_code == 302
    client.post(LOGOUT_URL)


def test_login_from_a_new_device_emails_the_user_once(client, django_capture_on_commit_callbacks):
    user = member_make(preferred_language="en")
    _login_from(client, user, "198.51.100.20", FIREFOX_LINUX, django_capture_on_commit_callbacks)
    assert mail.outbox == []  # the first login has nothing to compare with

    _login_from(client, user, "203.0.113.50", CHROME_ANDROID, django_capture_on_commit_callbacks)
    _login_from(client, user, "203.0.113.50", CHROME_ANDROID, django_capture_on_commit_callbacks)

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [user.email]
    assert message.subject == "New sign-in to your WEBOX account"
    assert "Chrome · Android" in message.body and "203.0.113.50" in message.body
    html, mimetype = message.alternatives[0]
    assert mimetype == "text/html"
    assert '<html lang="en">' in html
    assert "http://testserver/en/account/security/" in html
    assert SecurityEvent.objects.filter(user=user, type=Type.NEW_DEVICE).count() == 1


def test_same_browser_from_a_new_address_is_a_new_device(client, django_capture_on_commit_callbacks):
    user = member_make()
    _login_from(client, user, "198.51.100.20", FIREFOX_LINUX, django_capture_on_commit_callbacks)
    _login_from(client, user, "198.51.100.21", FIREFOX_LINUX, django_capture_on_commit_callbacks)
    assert len(mail.outbox) == 1


def test_new_device_email_is_written_in_the_users_language(client, django_capture_on_commit_callbacks):
    user = member_make(preferred_language="fr")
    _login_from(client, user, "198.51.100.20", FIREFOX_LINUX, django_capture_on_commit_callbacks)
    _login_from(client, user, "203.0.113.50", CHROME_ANDROID, django_capture_on_commit_callbacks)

    html = mail.outbox[0].alternatives[0][0]
    assert '<html lang="fr">' in html
    assert "http://testserver/account/security/" in html


# ---------------------------------------------------------------------------
# Staff changes in the back office
# ---------------------------------------------------------------------------
def _admin_request(method: str, staff: User, data=None):
    request = getattr(RequestFactory(), method)("/admin/accounts/user/", data or {}, REMOTE_ADDR="10.1.2.3")
    request.user = staff
    request.session = SessionStore()
    request._messages = FallbackStorage(request)
    request._dont_enforce_csrf_checks = True
    return request


def test_staff_change_to_a_user_is_recorded_with_the_changed_fields(staff_user):
    member = UserFactory(is_staff=False)
    model_admin = UserAdmin(User, admin.site)
    request = _admin_request("post", staff_user)
    form_class = model_admin.get_form(request, member, change=True)
    data = {
        "email": member.email,
        "display_name": member.display_name,
        "preferred_language": member.preferred_language,
        "is_active": "on",
        "is_staff": "on",
        "last_login": "",
        "date_joined": member.date_joined.strftime("%Y-%m-%d %H:%M:%S"),
    }
    form = form_class(data, instance=member)
    assert form.is_valid(), form.errors

    model_admin.save_model(request, form.save(commit=False), form, change=True)

    event = SecurityEvent.objects.get(type=Type.STAFF_CHANGE)
    assert event.user == member
    assert event.ip == "10.1.2.3"
    assert event.details["action"] == "changed"
    assert event.details["fields"] == ["is_staff"]
    assert event.details["staff_email"] == staff_user.email


def test_staff_password_change_and_deletion_are_recorded(staff_user):
    member = UserFactory()
    model_admin = UserAdmin(User, admin.site)
    new_password = "a-brand-new-passphrase-2026"
    data = {"password1": new_password, "password2": new_password, "usable_password": "true"}
    response = model_admin.user_change_password(_admin_request("post", staff_user, data), str(member.pk))
    assert response.status_code == 302
    model_admin.delete_queryset(_admin_request("post", staff_user), User.objects.filter(pk=member.pk))

    events = SecurityEvent.objects.filter(type=Type.STAFF_CHANGE).order_by("pk")
    assert [event.details["action"] for event in events] == ["changed", "deleted"]
    assert events[0].details["fields"] == ["password"]
    assert events[1].user is None  # the row outlives the user it was about
    assert events[1].details["email"] == member.email


def test_security_events_are_read_only_in_the_admin(staff_user):
    model_admin = SecurityEventAdmin(SecurityEvent, admin.site)
    request = _admin_request("get", staff_user)
    assert not model_admin.has_add_permission(request)
    assert not model_admin.has_change_permission(request)
    assert not model_admin.has_delete_permission(request)
    assert model_admin.has_view_permission(request)
    assert model_admin.get_actions(request) == {}


def test_security_events_admin_lists_and_searches_by_email_and_ip(staff_user, django_assert_max_num_queries):
    members = UserFactory.create_batch(3)
    for n, member in enumerate(members):
        request = RequestFactory().get("/", REMOTE_ADDR=f"192.0.2.{n}")
        security_event_record(type=Type.LOGIN_SUCCESS, user=member, request=request)
    model_admin = SecurityEventAdmin(SecurityEvent, admin.site)

    request = _admin_request("get", staff_user)
    with django_assert_max_num_queries(6):
        response = model_admin.changelist_view(request)
        response.render()
    assert response.status_code == 200
    assert members[2].email in response.content.decode()

    by_email, _ = model_admin.get_search_results(request, SecurityEvent.objects.all(), members[1].email)
    by_ip, _ = model_admin.get_search_results(request, SecurityEvent.objects.all(), "192.0.2.2")
    assert [event.user for event in by_email] == [members[1]]
    assert [event.user for event in by_ip] == [members[2]]


# ---------------------------------------------------------------------------
# The user's own activity
# ---------------------------------------------------------------------------
def test_security_page_lists_only_the_users_own_recent_events(client):
    user, other = member_make(), member_make()
    login_post(client, user.email, DEFAULT_PASSWORD, REMOTE_ADDR="198.51.100.20", HTTP_USER_AGENT=FIREFOX_LINUX)
    elsewhere = RequestFactory().get("/", REMOTE_ADDR="192.0.2.99")
    security_event_record(type=Type.PASSWORD_CHANGED, user=other, request=elsewhere)

    response = client.get("/en/account/security/")

    assert response.status_code == 200
    assert "accounts/security.html" in [template.name for template in response.templates]
    page = response.content.decode()
    assert "198.51.100.20" in page and "Firefox · Linux" in page
    assert "192.0.2.99" not in page


def test_security_page_needs_a_login(client):
    response = client.get("/en/account/security/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_security_events_for_user_returns_the_latest_first_up_to_the_limit(user):
    for _ in range(25):
        security_event_record(type=Type.LOGIN_FAILURE, user=user)
    latest = security_event_record(type=Type.LOGOUT, user=user)
    events = security_events_for_user(user, limit=20)
    assert len(events) == 20
    assert events[0] == latest
