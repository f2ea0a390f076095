"""Every request has an id: taken from a sane X-Request-ID, echoed, and carried by each log line."""

import json
import logging
import sys

import pytest

from webox.logging import JsonFormatter, RequestIdFilter, request_id_var

pytestmark = pytest.mark.django_db


def test_response_carries_a_generated_request_id(client):
    response = client.get("/health/")
    assert len(response["X-Request-ID"]) == 32


def test_each_request_gets_its_own_id(client):
    assert client.get("/health/")["X-Request-ID"] != client.get("/health/")["X-Request-ID"]


def test_sane_incoming_request_id_is_echoed(client):
    response = client.get("/health/", HTTP_X_REQUEST_ID="proxy-1234.abc_DEF")
    assert response["X-Request-ID"] == "proxy-1234.abc_DEF"


@pytest.mark.parametrize("incoming", ["has spaces in it", "x" * 200, "line\\nbreak", "<script>", ""])
def test_insane_incoming_request_id_is_replaced(client, incoming):
    response = client.get("/health/", HTTP_X_REQUEST_ID=incoming)
    assert response["X-Request-ID"] != incoming
    assert len(response["X-Request-ID"]) == 32


def test_log_lines_of_a_request_carry_its_id(client, caplog):
    caplog.handler.addFilter(RequestIdFilter())
    with caplog.at_level(logging.INFO, logger="webox.http"):
        client.get("/health/", HTTP_X_REQUEST_ID="trace-42")
    access = [record for record in caplog.records if record.name == "webox.http"]
    assert access, "the access log should write one line per request"
    assert access[0].request_id == "trace-42"
    assert access[0].status == 200
    assert "GET /health/ 200" in access[0].getMessage()


def test_log_lines_outside_a_request_have_a_dash():
    record = logging.LogRecord("webox.tasks", logging.INFO, __file__, 1, "outside", (), None)
    RequestIdFilter().filter(record)
    assert record.request_id == "-"


def test_request_id_is_forgotten_after_the_request(client):
    client.get("/health/", HTTP_X_REQUEST_ID="short-lived")
    assert request_id_var.get() == "-"


def _record(message="paid %s", args=("order 7",), **extra):
    record = logging.LogRecord("webox.payments", logging.WARNING, __file__, 10, message, args, None)
    record.__dict__.update(extra)
    return record


def test_json_formatter_writes_one_json_object_with_the_standard_keys():
    token = request_id_var.set("req-9")
    try:
        record = _record()
        RequestIdFilter().filter(record)
    finally:
        request_id_var.reset(token)
    line = JsonFormatter().format(record)
    assert "\n" not in line
    payload = json.loads(line)
    assert payload["level"] == "WARNING"
    assert payload["logger"] == "webox.payments"
    assert payload["message"] == "paid order 7"
    assert payload["request_id"] == "req-9"
    assert payload["time"].endswith("+00:00")


def test_json_formatter_includes_extras_and_makes_them_serialisable():
    payload = json.loads(JsonFormatter().format(_record(order=7, gateway="stripe", amount=object())))
    assert payload["order"] == 7
    assert payload["gateway"] == "stripe"
    assert payload["amount"].startswith("<object object")
    assert "args" not in payload and "msg" not in payload


def test_json_formatter_includes_the_traceback():
    try:
        raise ValueError("boom")
    except ValueError:
        record = logging.LogRecord("webox.system", logging.ERROR, __file__, 1, "failed", (), sys.exc_info())
    payload = json.loads(JsonFormatter().format(record))
    assert "ValueError: boom" in payload["exception"]


def test_json_formatter_keeps_non_ascii_text_readable():
    line = JsonFormatter().format(_record(message="commande %s réglée", args=("n°7",)))
    assert "commande n°7 réglée" in line
