"""Automatic alerts: each rule fires, is repeated only once per period while it lasts, and resolves once.

The clock is time-machine's; the data that makes a rule fire is made the way it
happens for real (5xx answers served, payments failing, forged notifications
posted, stock running out, tasks piling up in Redis, AI jobs failing).
"""

import uuid
from dataclasses import dataclass
from datetime import UTC, datetime, timedelta

import pytest
import redis
import time_machine
from django.contrib.auth.models import Group
from django.core import mail
from django.core.cache import cache
from django.http import HttpResponse
from django.test import Client
from django.urls import path
from django.utils import timezone

from ai_studio.models import GenerationJob
from notifications.models import Notification
from payments.alerts import SIGNATURE_FAILURES_KEY
from payments.models import Payment, WebhookEvent
from shop.models import ProductVariant
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory
from tests.shop.factories import ProductFactory
from webox.common.errors import Conflict
from webox.monitoring.models import Alert
from webox.monitoring.services import alert_resolve, alerts_evaluate
from webox.monitoring.tasks import alerts_evaluate_task
from webox.urls import urlpatterns as site_urlpatterns

pytestmark = [pytest.mark.django_db, pytest.mark.urls("tests.webox.test_alerts")]

START = datetime(2026, 11, 26, 9, 0, tzinfo=UTC)


def _failing_view(request):
    return HttpResponse("upstream down", status=502)


def _working_view(request):
    return HttpResponse("ok")


# This module is also the URLconf of its tests: the site's, plus one page that fails and one that works.
urlpatterns = [path("failing/", _failing_view), path("working/", _working_view), *site_urlpatterns]


@pytest.fixture
def on_duty(db):
    """A staff member of the "Staff" group, who receives the alerts; a customer who must not."""
    staff = UserFactory(is_staff=True, email="astreinte@webox.test")
    staff.groups.add(Group.objects.get_or_create(name="Staff")[0])
    UserFactory(email="client@example.com")
    return staff


@pytest.fixture
def clock():
    with time_machine.travel(START, tick=False) as traveller:
        yield traveller


@pytest.fixture(autouse=True)
def _alert_settings(settings, english):
    settings.MONITORING_ALERT_REPEAT_MINUTES = 10
    settings.MONITORING_ALERT_EMAILS = []


def _only(settings, rule: str, **config) -> None:
    settings.MONITORING_ALERT_RULES = {rule: {"severity": "warning", **config}}


# --- how each rule is made to fire and to clear ----------------------------------------------------------


def _serve_errors(clock):
    client = Client()
    for _ in range(3):
        assert client.get("/failing/").status_code == 502
    assert client.get("/working/").status_code == 200


def _payments_fail(clock):
    order = OrderFactory()
    for _ in range(2):
        Payment.objects.create(
            order=order, gateway="sandbox", amount=order.total, status="failed", idempotency_key=uuid.uuid4().hex
        )


def _forged_notifications(clock):
    client = Client()
    for _ in range(3):
        assert client.post("/payments/sandbox/webhook/", data=b"{}", content_type="application/json").status_code == 400


def _amount_mismatch(clock):
    WebhookEvent.objects.create(gateway="sandbox", external_id=uuid.uuid4().hex, payload={}, outcome="mismatch")


def _stock_runs_low(clock):
    ProductFactory(variant__stock=1, variant__sku=f"LOW-{uuid.uuid4().hex[:6]}")


def _stock_refilled(clock):
    ProductVariant.objects.filter(sku__startswith="LOW-").update(stock=50)


def _ai_jobs_fail(clock):
    user = UserFactory()
    for status in ("failed", "failed", "succeeded"):
        GenerationJob.objects.create(
            user=user,
            kind="chat",
            model="demo-chat",
            provider="demo",
            prompt="x",
            status=status,
            finished_at=timezone.now(),
        )


def _time_passes(clock):
    clock.shift(timedelta(hours=3))


def _refusal_window_ends(clock):
    """Move past payments' 10-minute counting window; Redis expires keys on its own clock, so end it there too."""
    clock.shift(timedelta(hours=3))
    cache.delete(SIGNATURE_FAILURES_KEY.format(gateway="sandbox"))


@dataclass(frozen=True)
class Scenario:
    rule: str
    config: dict
    fire: object
    clear: object


SCENARIOS = [
    Scenario("http_5xx_rate", {"threshold": 50, "window_minutes": 60, "min_requests": 3}, _serve_errors, _time_passes),
    Scenario("payment_failures", {"threshold": 2, "window_minutes": 60}, _payments_fail, _time_passes),
    Scenario("webhook_signature_failures", {"threshold": 3}, _forged_notifications, _refusal_window_ends),
    Scenario("amount_mismatches", {"threshold": 1, "window_minutes": 60}, _amount_mismatch, _time_passes),
    Scenario("low_stock", {"threshold": 1, "stock_at_most": 3}, _stock_runs_low, _stock_refilled),
    Scenario("ai_provider_errors", {"threshold": 50, "window_minutes": 60, "min_jobs": 3}, _ai_jobs_fail, _time_passes),
]


def _alert_mails() -> list:
    return [message for message in mail.outbox if message.to == ["astreinte@webox.test"]]


@pytest.mark.parametrize("scenario", SCENARIOS, ids=[scenario.rule for scenario in SCENARIOS])
def test_each_rule_fires_repeats_once_per_period_and_resolves(scenario, settings, on_duty, clock):
    _only(settings, scenario.rule, **scenario.config)
    assert alerts_evaluate() == {}, "nothing is wrong yet"

    scenario.fire(clock)
    assert alerts_evaluate() == {scenario.rule: "firing"}
    alert = Alert.objects.get(rule=scenario.rule, resolved_at=None)
    assert alert.first_seen == START and alert.notification_count == 1
    assert len(_alert_mails()) == 1 and _alert_mails()[0].subject.startswith("[WEBOX] Alert (Warning): ")
    assert Notification.objects.filter(user=on_duty, kind="alert").count() == 1
    assert len(mail.outbox) == 1, "customers hear nothing"

    clock.shift(timedelta(minutes=5))
    assert alerts_evaluate() == {}, "still firing within the period: no second message"
    alert.refresh_from_db()
    assert alert.last_seen == START + timedelta(minutes=5) and alert.notification_count == 1

    clock.shift(timedelta(minutes=6))
    scenario.fire(clock)  # still going on when the period is over
    assert alerts_evaluate() == {scenario.rule: "firing"}
    assert Alert.objects.filter(rule=scenario.rule).count() == 1, "the same alert, repeated"
    assert len(_alert_mails()) == 2

    scenario.clear(clock)
    assert alerts_evaluate() == {scenario.rule: "resolved"}
    alert.refresh_from_db()
    assert alert.resolved_at is not None and alert.resolved_notified
    assert _alert_mails()[-1].subject.startswith("[WEBOX] Resolved: ")
    assert Notification.objects.filter(user=on_duty, kind="alert").count() == 3

    assert alerts_evaluate() == {}, "the resolution is announced once"
    assert len(_alert_mails()) == 3


def test_disk_space_rule_reads_the_real_volume(settings, on_duty, clock):
    _only(settings, "disk_space", threshold=100.1)
    assert alerts_evaluate() == {"disk_space": "firing"}
    alert = Alert.objects.get(rule="disk_space")
    assert 0 < alert.value <= 100 and "free" in alert.detail

    clock.shift(timedelta(minutes=1))
    assert alerts_evaluate() == {}
    settings.MONITORING_ALERT_RULES = {"disk_space": {"severity": "critical", "threshold": 0.0}}
    assert alerts_evaluate() == {"disk_space": "resolved"}
    assert alerts_evaluate() == {}


@pytest.mark.redis
def test_queue_backlog_rule_reads_the_redis_broker(settings, on_duty, clock):
    _only(settings, "queue_backlog", threshold=3)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = settings.REDIS_TEST_URL
    broker = redis.Redis.from_url(settings.REDIS_TEST_URL)
    broker.delete("celery")
    try:
        broker.lpush("celery", *[f"task-{n}" for n in range(3)])
        assert alerts_evaluate() == {"queue_backlog": "firing"}
        clock.shift(timedelta(minutes=5))
        assert alerts_evaluate() == {}
        clock.shift(timedelta(minutes=6))
        assert alerts_evaluate() == {"queue_backlog": "firing"}
        broker.delete("celery")
        assert alerts_evaluate() == {"queue_backlog": "resolved"}
    finally:
        broker.delete("celery")
    assert len(_alert_mails()) == 3


def test_a_rule_that_fires_again_after_resolving_opens_a_new_alert(settings, on_duty, clock):
    _only(settings, "low_stock", threshold=1, stock_at_most=3)
    _stock_runs_low(clock)
    alerts_evaluate()
    _stock_refilled(clock)
    alerts_evaluate()
    clock.shift(timedelta(minutes=1))
    _stock_runs_low(clock)
    assert alerts_evaluate() == {"low_stock": "firing"}
    assert Alert.objects.filter(rule="low_stock").count() == 2
    assert Alert.objects.filter(rule="low_stock", resolved_at=None).count() == 1


def test_alerts_go_to_the_configured_addresses_when_set(settings, on_duty, clock):
    settings.MONITORING_ALERT_EMAILS = ["ops@webox.test", "cto@webox.test"]
    _only(settings, "disk_space", threshold=100.1)
    alerts_evaluate()
    assert [message.to for message in mail.outbox] == [["ops@webox.test", "cto@webox.test"]]
    assert "/admin/monitoring/" in mail.outbox[0].body


def test_support_and_blogger_staff_are_never_told(settings, on_duty, clock):
    for group in ("Support", "Bloggers"):
        member = UserFactory(is_staff=True, email=f"{group.lower()}@webox.test")
        member.groups.add(Group.objects.get_or_create(name=group)[0])
    _only(settings, "disk_space", threshold=100.1)

    alerts_evaluate()

    assert [message.to for message in mail.outbox] == [["astreinte@webox.test"]]
    assert set(Notification.objects.filter(kind="alert").values_list("user__email", flat=True)) == {
        "astreinte@webox.test"
    }


def test_superusers_are_told_while_the_staff_group_is_empty(settings, clock):
    """A fresh install (or the demo) has nobody in "Staff" yet: its superusers hear the alerts, not other staff."""
    UserFactory(is_staff=True, is_superuser=True, email="admin@webox.test")
    UserFactory(is_staff=True, is_superuser=True, email="former@webox.test", is_active=False)
    blogger = UserFactory(is_staff=True, email="blog@webox.test")
    blogger.groups.add(Group.objects.get_or_create(name="Bloggers")[0])
    _only(settings, "disk_space", threshold=100.1)

    alerts_evaluate()

    assert [message.to for message in mail.outbox] == [["admin@webox.test"]]
    assert list(Notification.objects.filter(kind="alert").values_list("user__email", flat=True)) == ["admin@webox.test"]


def test_disabled_rules_are_not_evaluated(settings, on_duty, clock):
    settings.MONITORING_ALERT_RULES = {"disk_space": {"enabled": False, "severity": "critical", "threshold": 100.1}}
    assert alerts_evaluate() == {}
    assert not Alert.objects.exists()


def test_a_rule_that_cannot_be_read_is_skipped_and_its_alert_kept(settings, on_duty, clock):
    settings.MONITORING_ALERT_RULES = {"queue_backlog": {"severity": "warning", "threshold": 1}}
    now = timezone.now()
    Alert.objects.create(rule="queue_backlog", title="Backlog", value=5, threshold=1, first_seen=now, last_seen=now)
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.HEALTH_CHECK_TIMEOUT = 0.5
    assert alerts_evaluate() == {}
    assert Alert.objects.get(rule="queue_backlog").resolved_at is None, "an unreadable broker is not a recovery"


def test_the_beat_task_evaluates_the_rules(settings, on_duty, clock):
    _only(settings, "disk_space", threshold=100.1)
    alerts_evaluate_task.delay()
    assert Alert.objects.filter(rule="disk_space", resolved_at=None).exists()
    assert "monitoring-alerts" in settings.CELERY_BEAT_SCHEDULE


def test_staff_resolve_an_alert_by_hand_once(settings, on_duty, clock):
    now = timezone.now()
    alert = Alert.objects.create(rule="low_stock", title="Stock", value=2, threshold=1, first_seen=now, last_seen=now)
    alert_resolve(alert=alert)
    alert.refresh_from_db()
    assert alert.resolved_at == START
    with pytest.raises(Conflict):
        alert_resolve(alert=alert)
    assert mail.outbox == []


def test_information_alerts_are_posted_on_the_site_but_not_emailed(settings, on_duty, clock):
    _only(settings, "low_stock", threshold=1, stock_at_most=3, severity="info")
    _stock_runs_low(clock)
    assert alerts_evaluate() == {"low_stock": "firing"}
    assert mail.outbox == []
    assert Notification.objects.filter(user=on_duty, kind="alert").count() == 1
