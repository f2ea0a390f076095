"""The client IP: REMOTE_ADDR, or TRUSTED_PROXY_COUNT hops from the right of X-Forwarded-For.

A client can write anything on the left of X-Forwarded-For; it must never
change which counter a request lands in.
"""

import pytest
from django.test import RequestFactory

from accounts.models import SecurityEvent
from tests.factories import DEFAULT_PASSWORD
from webox.common.clientip import client_ip_from_meta
from webox.common.ratelimits import ratelimit_ip

from .security_support import T0, login_post, member_make

PROXY = "10.0.0.2"
CLIENT = "203.0.113.7"


@pytest.mark.parametrize(
    ("meta", "trusted", "expected"),
    [
        ({"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": "1.2.3.4"}, 0, CLIENT),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": CLIENT}, 1, CLIENT),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"6.6.6.6, 7.7.7.7, {CLIENT}"}, 1, CLIENT),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"6.6.6.6, {CLIENT}, 10.0.0.1"}, 2, CLIENT),
        # Fewer hops than trusted proxies: the request bypassed them, trust the socket.
        ({"REMOTE_ADDR": CLIENT, "HTTP_X_FORWARDED_FOR": "6.6.6.6"}, 2, CLIENT),
        ({"REMOTE_ADDR": CLIENT}, 1, CLIENT),
        # Garbage in the trusted hop: fall back to the socket rather than count "not-an-ip".
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "not-an-ip"}, 1, PROXY),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": f"{CLIENT}:51234"}, 1, CLIENT),
        ({"REMOTE_ADDR": PROXY, "HTTP_X_FORWARDED_FOR": "[2001:DB8::1]:443"}, 1, "2001:db8::1"),
        ({"REMOTE_ADDR": "2001:0db8:0000::0001"}, 0, "2001:db8::1"),
        ({"REMOTE_ADDR": ""}, 0, ""),
    ],
)
def test_client_ip_from_meta(meta, trusted, expected):
    assert client_ip_from_meta(meta, trusted_proxies=trusted) == expected


def test_ipv6_clients_are_counted_by_their_64_network():
    first = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2::10")
    second = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:ffff::1")
    other = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:3::10")
    assert ratelimit_ip(first) == ratelimit_ip(second) == "2001:db8:1:2::"
    assert ratelimit_ip(other) != ratelimit_ip(first)


@pytest.mark.django_db
def test_middleware_sets_the_client_ip_that_the_audit_log_records(client, settings):
    settings.TRUSTED_PROXY_COUNT = 1
    user = member_make()
    login_post(client, user.email, DEFAULT_PASSWORD, REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"6.6.6.6, {CLIENT}")
    event = SecurityEvent.objects.get(type=SecurityEvent.Type.LOGIN_SUCCESS)
    assert event.ip == CLIENT


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_dodge_the_limit_without_a_trusted_proxy(client, settings, time_machine):
    time_machine.move_to(T0, tick=False)
    settings.TRUSTED_PROXY_COUNT = 0
    answers = [
        login_post(client, f"visitor{n}@example.com", "x", HTTP_X_FORWARDED_FOR=f"192.0.2.{n}").status_code
        for n in range(21)
    ]
    assert 429 not in answers[:20]
    assert answers[20] == 429


@pytest.mark.django_db
def test_forged_forwarded_for_does_not_dodge_the_limit_behind_one_proxy(client, settings, time_machine):
    time_machine.move_to(T0, tick=False)
    settings.TRUSTED_PROXY_COUNT = 1
    answers = [
        login_post(
            client, f"visitor{n}@example.com", "x", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=f"192.0.2.{n}, {CLIENT}"
        ).status_code
        for n in range(21)
    ]
    assert 429 not in answers[:20]
    assert answers[20] == 429


@pytest.mark.django_db
def test_two_clients_behind_the_proxy_have_their_own_counters(client, settings, time_machine):
    time_machine.move_to(T0, tick=False)
    settings.TRUSTED_PROXY_COUNT = 1
    for n in range(21):
        login_post(client, f"visitor{n}@example.com", "x", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT)
    response = login_post(client, "neighbour@example.com", "x", REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR="198.51.100.1")
    assert response.status_code == 200
