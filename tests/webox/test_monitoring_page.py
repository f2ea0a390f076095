"""The back office's monitoring page: health, recent errors, slow requests, queues and alerts, for Staff only."""

import json
import logging
import shutil
import subprocess
from pathlib import Path

import pytest
from django.conf import settings
from django.contrib.auth.models import Group
from django.urls import reverse
from django.utils import timezone

from accounts.groups import groups_sync_permissions
from tests.accounts.twofactor_support import login_verified, totp_device_make
from tests.factories import UserFactory
from webox.monitoring.models import Alert

pytestmark = pytest.mark.django_db

URL = "/admin/monitoring/"
VNU_JAR = Path(settings.BASE_DIR) / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"


def _member_of(client, group: str):
    """Sign ``client`` in (password and second factor) as a staff member of ``group``."""
    groups_sync_permissions()
    user = UserFactory(is_staff=True)
    user.groups.add(Group.objects.get(name=group))
    login_verified(client, user, totp_device_make(user))
    return user


def _alert(**fields) -> Alert:
    now = timezone.now()
    values = {"rule": "low_stock", "title": "Stock bas : 2 variantes", "value": 2, "threshold": 1}
    return Alert.objects.create(first_seen=now, last_seen=now, **{**values, **fields})


def _html_errors(client, url: str, tmp_path: Path) -> list[str]:
    """Return the Nu HTML Checker's errors on the page at ``url``, one "line: message" each."""
    page = tmp_path / "page.html"
    page.write_bytes(client.get(url).content)
    command = ["java", "-jar", str(VNU_JAR), "--errors-only", "--format", "json", "--stdout", str(page)]
    completed = subprocess.run(command, capture_output=True, text=True, timeout=120, check=False)
    errors = [message for message in json.loads(completed.stdout)["messages"] if message["type"] == "error"]
    return [f"{error.get('lastLine')}: {error['message']}" for error in errors]


def test_the_url_name_is_stable():
    assert reverse("admin-monitoring") == URL


def test_staff_see_health_queues_alerts_errors_and_slow_requests(client, settings, english):
    _member_of(client, "Staff")
    settings.MONITORING_SLOW_REQUEST_MS = 0  # every request counts as slow
    client.get("/health/?from=monitoring-test")
    logging.getLogger("webox.payments").error("Stripe refused the capture of payment 42")
    _alert(title="Low stock: 2 variants")

    response = client.get(URL)

    assert response.status_code == 200
    page = response.content.decode()
    for section in ("Health", "Task queues", "Last alerts", "Recent errors", "Slow requests"):
        assert section in page
    assert "channel_layer" in page and "storage" in page and "workers" in page
    assert "Tasks run inline (eager mode)" in page
    assert "Low stock: 2 variants" in page
    assert "Stripe refused the capture of payment 42" in page and "webox.payments" in page
    assert "GET /health/" in page


def test_support_and_blogger_staff_are_refused(client):
    _member_of(client, "Support")
    assert client.get(URL).status_code == 403


def test_customers_and_unverified_staff_are_sent_to_log_in(client):
    client.force_login(UserFactory())
    assert client.get(URL).status_code == 302
    client.force_login(UserFactory(is_staff=True, is_superuser=True))  # no second factor yet
    assert client.get(URL).status_code == 302


def test_the_admin_index_links_staff_to_the_page_with_the_open_alerts(client, english):
    _member_of(client, "Staff")
    _alert(rule="low_stock")
    _alert(rule="disk_space")
    _alert(rule="queue_backlog", resolved_at=timezone.now())

    page = client.get("/admin/").content.decode()

    assert f'href="{URL}"' in page
    assert "2 open alerts" in page


def test_the_admin_index_says_when_no_alert_is_open(client, english):
    _member_of(client, "Staff")
    page = client.get("/admin/").content.decode()
    assert f'href="{URL}"' in page and "no open alert" in page


@pytest.mark.parametrize("group", ["Support", "Bloggers"])
def test_support_and_bloggers_get_no_link_to_the_page(client, group):
    _member_of(client, group)
    response = client.get("/admin/")
    assert response.status_code == 200
    assert URL not in response.content.decode()


def test_the_page_shows_a_failing_broker_instead_of_failing(client, settings, english):
    _member_of(client, "Staff")
    settings.CELERY_TASK_ALWAYS_EAGER = False
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"
    settings.HEALTH_CHECK_TIMEOUT = 0.5
    response = client.get(URL)
    assert response.status_code == 200
    assert "The broker did not answer (ConnectionError)" in response.content.decode()


def test_the_alert_list_is_read_only_and_resolves_through_the_service(client):
    _member_of(client, "Staff")
    alert = _alert()
    changelist = reverse("admin:monitoring_alert_changelist")
    assert client.get(changelist).status_code == 200
    assert client.get(reverse("admin:monitoring_alert_change", args=[alert.pk])).status_code == 200  # view only
    assert client.get(reverse("admin:monitoring_alert_add")).status_code == 403

    response = client.post(changelist, {"action": "resolve", "_selected_action": [alert.pk]})
    assert response.status_code == 302
    alert.refresh_from_db()
    assert alert.resolved_at is not None


@pytest.mark.skipif(shutil.which("java") is None or not VNU_JAR.exists(), reason="the Nu HTML Checker is missing")
def test_the_page_is_valid_html(client, settings, tmp_path):
    _member_of(client, "Staff")
    settings.MONITORING_SLOW_REQUEST_MS = 0
    client.get("/health/")
    _alert()
    logging.getLogger("webox.system").error("disk almost full")
    assert _html_errors(client, URL, tmp_path) == []


@pytest.mark.skipif(shutil.which("java") is None or not VNU_JAR.exists(), reason="the Nu HTML Checker is missing")
def test_the_admin_index_with_its_link_and_dashboard_is_valid_html(client, tmp_path):
    _member_of(client, "Staff")
    _alert()
    assert _html_errors(client, "/admin/", tmp_path) == []
