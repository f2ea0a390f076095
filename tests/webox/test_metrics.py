"""GET /metrics: Prometheus text for verified staff, METRICS_TOKEN bearers and allowed addresses; business figures."""

import uuid

import pytest
import redis
from django.contrib.auth.models import Group
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from accounts.groups import groups_sync_permissions
from ai_studio.models import GenerationJob
from orders.models import Order
from payments.models import Payment, WebhookEvent
from support.models import Ticket
from tests.accounts.twofactor_support import login_verified, totp_device_make
from tests.factories import UserFactory
from tests.orders.factories import OrderFactory
from tests.support.factories import ticket_open
from webox.monitoring.models import Alert

pytestmark = pytest.mark.django_db

TOKEN = "metrics-token-0123456789abcdef"


@pytest.fixture(autouse=True)
def _metrics_settings(settings):
    settings.METRICS_TOKEN = TOKEN
    settings.METRICS_ALLOWED_IPS = []


def scrape(client, path: str = "/metrics", **headers) -> dict[tuple[str, frozenset], float]:
    """Read /metrics with the token; return {(sample name, labels): value}."""
    response = client.get(path, HTTP_AUTHORIZATION=f"Bearer {TOKEN}", **headers)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/plain")
    return {
        (sample.name, frozenset(sample.labels.items())): sample.value
        for family in text_string_to_metric_families(response.content.decode())
        for sample in family.samples
    }


def test_anonymous_visitors_get_403(client):
    response = client.get("/metrics")
    assert response.status_code == 403
    assert b"webox_" not in response.content


def test_a_wrong_or_missing_token_gets_403(client):
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer not-the-token").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Token {TOKEN}").status_code == 403
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_no_token_is_accepted_when_none_is_configured(client, settings):
    settings.METRICS_TOKEN = ""
    assert client.get("/metrics", HTTP_AUTHORIZATION="Bearer ").status_code == 403


def test_the_token_opens_metrics_with_or_without_trailing_slash(client):
    assert client.get("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200
    assert client.get("/metrics/", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 200


def test_customers_and_unverified_staff_get_403(client):
    client.force_login(UserFactory())
    assert client.get("/metrics").status_code == 403
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # password only: no second factor
    assert client.get("/metrics").status_code == 403


def test_staff_verified_by_their_second_factor_read_metrics(admin_client_verified):
    response = admin_client_verified.get("/metrics")
    assert response.status_code == 200
    assert b"webox_orders_placed_total" in response.content


@pytest.mark.parametrize(("group", "status"), [("Staff", 200), ("Support", 403), ("Bloggers", 403)])
def test_only_staff_allowed_to_monitor_read_metrics_by_session(client, group, status):
    """The business figures of /metrics are for the Staff group, as the monitoring page: not Support or Bloggers."""
    groups_sync_permissions()
    member = UserFactory(is_staff=True)
    member.groups.add(Group.objects.get(name=group))
    login_verified(client, member, totp_device_make(member))

    response = client.get("/metrics")

    assert response.status_code == status
    assert (b"webox_orders_placed_total" in response.content) is (status == 200)


def test_allowed_addresses_and_networks_read_metrics(client, settings):
    settings.METRICS_ALLOWED_IPS = ["192.0.2.7", "10.0.0.0/8"]
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.7").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="10.20.30.40").status_code == 200
    assert client.get("/metrics", REMOTE_ADDR="192.0.2.8").status_code == 403


def test_metrics_refuse_other_methods(client):
    assert client.post("/metrics", HTTP_AUTHORIZATION=f"Bearer {TOKEN}").status_code == 405


def test_http_metrics_of_django_prometheus_are_exported(client):
    client.get("/health/")
    samples = scrape(client)
    names = {name for name, _labels in samples}
    assert "django_http_requests_total_by_method_total" in names
    assert "django_http_responses_total_by_status_total" in names


def _payment(order: Order, status: str, gateway: str = "sandbox") -> Payment:
    return Payment.objects.create(
        order=order, gateway=gateway, amount=order.total, status=status, idempotency_key=uuid.uuid4().hex
    )


def _job(provider: str, status: str) -> GenerationJob:
    user = UserFactory()
    return GenerationJob.objects.create(
        user=user, kind="chat", model=f"{provider}-chat", provider=provider, prompt="Bonjour", status=status
    )


@pytest.fixture
def business():
    """Three orders (one paid), three payments (one failed), notifications, AI jobs, tickets and an open alert."""
    pending = OrderFactory()
    OrderFactory()
    paid = OrderFactory(status=Order.Status.PAID, paid_at=timezone.now())
    _payment(pending, Payment.Status.FAILED)
    _payment(paid, Payment.Status.CAPTURED)
    _payment(paid, Payment.Status.CAPTURED, gateway="stripe")
    for outcome in (WebhookEvent.Outcome.PROCESSED, WebhookEvent.Outcome.PROCESSED, WebhookEvent.Outcome.MISMATCH):
        WebhookEvent.objects.create(gateway="sandbox", external_id=uuid.uuid4().hex, payload={}, outcome=outcome)
    for provider, status in (("demo", "succeeded"), ("demo", "succeeded"), ("demo", "failed"), ("openai", "queued")):
        _job(provider, status)
    ticket_open()
    ticket_open()
    closed = ticket_open()
    Ticket.objects.filter(pk=closed.pk).update(status=Ticket.Status.CLOSED)
    now = timezone.now()
    Alert.objects.create(
        rule="low_stock", severity="info", title="Stock", value=2, threshold=1, first_seen=now, last_seen=now
    )


def test_business_metrics_count_the_fixtures(client, business):
    samples = scrape(client)

    def value(name: str, **labels) -> float:
        return samples[(name, frozenset(labels.items()))]

    assert value("webox_orders", status="pending_payment") == 2
    assert value("webox_orders", status="paid") == 1
    assert value("webox_orders_placed_total") == 3
    assert value("webox_orders_paid_total") == 1
    assert value("webox_payments", gateway="sandbox", status="failed") == 1
    assert value("webox_payments", gateway="stripe", status="captured") == 1
    assert value("webox_payments_failed_total") == 1
    assert value("webox_webhook_events", gateway="sandbox", outcome="processed") == 2
    assert value("webox_webhook_events", gateway="sandbox", outcome="mismatch") == 1
    assert value("webox_ai_jobs", provider="demo", status="succeeded") == 2
    assert value("webox_ai_jobs", provider="demo", status="failed") == 1
    assert value("webox_ai_jobs", provider="openai", status="queued") == 1
    assert value("webox_tickets_open") == 2
    assert value("webox_alerts_open", rule="low_stock", severity="info") == 1
    assert value("webox_webhook_signature_failures", gateway="sandbox") == 0
    assert all(value("webox_metrics_source_up", source=source) == 1 for source in ("order", "payment", "ai", "queue"))


def test_the_scrape_runs_a_constant_number_of_queries(client, business, django_assert_max_num_queries):
    with django_assert_max_num_queries(12):
        scrape(client)


def test_refused_gateway_notifications_are_counted(client):
    for _attempt in range(2):
        response = client.post("/payments/sandbox/webhook/", data=b"{}", content_type="application/json")
        assert response.status_code == 400
    samples = scrape(client)
    assert samples[("webox_webhook_signature_failures", frozenset({("gateway", "sandbox")}))] == 2


def test_queue_lengths_are_empty_when_tasks_run_eagerly(client):
    samples = scrape(client)
    assert not [name for name, _labels in samples if name == "webox_queue_length"]


@pytest.mark.redis
def test_queue_lengths_come_from_the_redis_broker(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = settings.REDIS_TEST_URL
    broker = redis.Redis.from_url(settings.REDIS_TEST_URL)
    broker.delete("celery")
    broker.lpush("celery", "task-1", "task-2", "task-3")
    try:
        samples = scrape(client)
    finally:
        broker.delete("celery")
    assert samples[("webox_queue_length", frozenset({("queue", "celery")}))] == 3


def test_a_failing_source_is_reported_without_hiding_the_others(client, settings):
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.HEALTH_CHECK_TIMEOUT = 0.5
    samples = scrape(client)
    assert samples[("webox_metrics_source_up", frozenset({("source", "queue")}))] == 0
    assert samples[("webox_orders_placed_total", frozenset())] == 0
    assert samples[("webox_metrics_source_up", frozenset({("source", "order")}))] == 1
