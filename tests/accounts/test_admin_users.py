"""The users' back office: search, filters, actions through the services (audited), links to the user's records."""

import re

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core import mail
from django.test import Client
from django.urls import reverse
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts.groups import SUPPORT, groups_sync_permissions
from accounts.models import BackupCodeDevice, SecurityEvent, User
from ai_studio.models import CreditEntry
from ai_studio.services import credits_grant
from tests.accounts.twofactor_support import login_verified, member_make, totp_device_make
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory
from tests.support.factories import ticket_open

pytestmark = pytest.mark.django_db

CHANGELIST = "/admin/accounts/user/"


def listed(client, **query) -> set[str]:
    response = client.get(CHANGELIST, query)
    assert response.status_code == 200
    return {user.email for user in response.context["cl"].result_list}


def run_action(client, action: str, *users: User):
    return client.post(CHANGELIST, {"action": action, "_selected_action": [user.pk for user in users]}, follow=True)


def test_search_finds_users_by_email_or_name(admin_client_verified):
    UserFactory(email="lea@example.com", display_name="Léa Martin")
    UserFactory(email="paul@example.com", display_name="Paul Durand")
    assert listed(admin_client_verified, q="lea@") == {"lea@example.com"}
    assert listed(admin_client_verified, q="Durand") == {"paul@example.com"}


def test_filters_on_verified_email_two_factor_staff_and_active(admin_client_verified, staff_user):
    verified = member_make(email="verified@example.com")
    secured = member_make(email="secured@example.com", is_staff=True)
    totp_device_make(secured)
    UserFactory(email="new@example.com")
    UserFactory(email="gone@example.com", is_active=False)
    assert listed(admin_client_verified, email_verified="yes") == {verified.email, secured.email}
    assert listed(admin_client_verified, email_verified="no") >= {"new@example.com", "gone@example.com"}
    assert listed(admin_client_verified, twofactor="yes") == {secured.email, staff_user.email}
    assert listed(admin_client_verified, is_staff__exact="1", twofactor="no") == set()
    assert listed(admin_client_verified, is_active__exact="0") == {"gone@example.com"}


def test_deactivate_ends_access_and_is_audited(admin_client_verified, staff_user, english):
    customer = UserFactory()
    customer_browser = Client()
    customer_browser.force_login(customer)
    response = run_action(admin_client_verified, "deactivate_users", customer, staff_user)
    customer.refresh_from_db()
    staff_user.refresh_from_db()
    assert not customer.is_active and staff_user.is_active  # never the staff member's own account
    assert customer_browser.get("/").wsgi_request.user.is_anonymous
    event = SecurityEvent.objects.get(user=customer, type=SecurityEvent.Type.STAFF_CHANGE)
    assert event.details["action"] == "deactivated" and event.details["staff_id"] == staff_user.pk
    messages = [str(message) for message in response.context["messages"]]
    assert messages == ["1 account(s) deactivated.", "1 account left as it was."]


def test_reset_twofactor_deletes_the_devices_and_records_who_did_it(admin_client_verified, staff_user):
    member = member_make()
    totp_device_make(member)
    BackupCodeDevice.objects.create(user=member, name="Backup codes", confirmed=True)
    run_action(admin_client_verified, "reset_twofactor", member)
    assert not TOTPDevice.objects.filter(user=member).exists()
    assert not BackupCodeDevice.objects.filter(user=member).exists()
    event = SecurityEvent.objects.get(user=member, type=SecurityEvent.Type.TWO_FACTOR_DISABLED)
    assert event.details == {"action": "2fa_reset", "staff_id": staff_user.pk, "staff_email": staff_user.email}


def test_reset_twofactor_of_a_user_without_it_changes_nothing(admin_client_verified):
    customer = UserFactory()
    run_action(admin_client_verified, "reset_twofactor", customer)
    assert not SecurityEvent.objects.filter(user=customer).exists()


def test_resend_verification_mails_only_unverified_addresses(admin_client_verified):
    waiting = UserFactory(email="waiting@example.com")
    EmailAddress.objects.create(user=waiting, email=waiting.email, verified=False, primary=True)
    done = member_make(email="done@example.com")
    run_action(admin_client_verified, "resend_verification", waiting, done)
    assert [message.to for message in mail.outbox] == [["waiting@example.com"]]


def test_support_reads_users_without_the_actions(client):
    groups_sync_permissions()
    member = UserFactory(is_staff=True)
    member.groups.add(Group.objects.get(name=SUPPORT))
    login_verified(client, member, totp_device_make(member))
    response = client.get(CHANGELIST)
    assert response.status_code == 200
    actions = {choice[0] for choice in response.context["action_form"].fields["action"].choices}
    assert not actions & {"deactivate_users", "reset_twofactor", "resend_verification", "delete_selected"}


def test_user_page_links_to_orders_tickets_credits_and_security_events(admin_client_verified):
    customer = member_make()
    OrderFactory.create_batch(2, user=customer)
    ticket_open(customer=customer)
    credits_grant(user=customer, amount=40, kind=CreditEntry.Kind.ADJUST, reason="Geste commercial")
    SecurityEvent.objects.create(user=customer, type=SecurityEvent.Type.LOGIN_SUCCESS)
    page = admin_client_verified.get(reverse("admin:accounts_user_change", args=[customer.pk])).content.decode()
    account = customer.credit_account
    links = dict(re.findall(r'<a href="([^"]+)">[^<]+</a>: (\d+)', page))
    assert links == {
        f"/admin/orders/order/?user__id__exact={customer.pk}": "2",
        f"/admin/support/ticket/?customer__id__exact={customer.pk}": "1",
        f"/admin/accounts/securityevent/?user__id__exact={customer.pk}": str(customer.security_events.count()),
        f"/admin/ai_studio/creditentry/?account__id__exact={account.pk}": "1",
        f"/admin/ai_studio/creditaccount/{account.pk}/change/": "40",
    }
    linked = admin_client_verified.get(f"/admin/orders/order/?user__id__exact={customer.pk}")
    assert linked.status_code == 200 and linked.context["cl"].result_count == 2


def test_groups_list_their_member_counts(admin_client_verified):
    groups_sync_permissions()
    for _ in range(3):
        UserFactory(is_staff=True).groups.add(Group.objects.get(name=SUPPORT))
    response = admin_client_verified.get("/admin/auth/group/")
    counts = {group.name: group.members for group in response.context["cl"].result_list}
    assert counts[SUPPORT] == 3 and counts["Bloggers"] == 0


def test_user_page_links_only_to_the_sections_the_staff_member_may_open(client):
    groups_sync_permissions()
    member = UserFactory(is_staff=True)
    member.groups.add(Group.objects.get(name=SUPPORT))
    login_verified(client, member, totp_device_make(member))
    customer = member_make()
    credits_grant(user=customer, amount=10, kind=CreditEntry.Kind.ADJUST, reason="Geste")
    page = client.get(reverse("admin:accounts_user_change", args=[customer.pk])).content.decode()
    linked = set(re.findall(r'<a href="(/admin/[a-z_]+/[a-z]+/)\?', page))
    assert linked == {"/admin/orders/order/", "/admin/support/ticket/"}
    assert "/admin/ai_studio/creditaccount/" not in page
