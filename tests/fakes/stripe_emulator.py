"""A local Stripe API for tests: a threaded HTTP server on 127.0.0.1 speaking Stripe's wire format.

It answers the calls WEBOX makes through the official SDK
(``StripeClient(api_key, base_addresses={"api": emulator.url})``):

- ``POST /v1/checkout/sessions`` (form-encoded, nested ``a[b][0]`` keys), honouring ``Idempotency-Key``:
  the same key with the same parameters replays the first answer, with other parameters it is a 400
  ``idempotency_error``, as Stripe does;
- ``GET /v1/checkout/sessions/{id}``;
- ``POST /v1/refunds`` (``payment_intent``, ``amount``; idempotent the same way; never more than captured);
- ``GET /v1/events`` (newest first, ``created[gte]``, ``types[]``, ``limit``, ``starting_after``);
- errors in Stripe's shape ``{"error": {"type", "code", "message", "param"}}``.

What the customer does on Stripe's page is played by methods (``pay``, ``async_succeed``...): each
changes the session like Stripe would and returns the event Stripe would send to the webhook, which
the test then signs with ``stripe.WebhookSignature`` and posts.
"""

import hashlib
import itertools
import json
import threading
import time
from http.server import BaseHTTPRequestHandler
from typing import Any
from urllib.parse import parse_qsl, urlsplit

from .local_server import ProviderEmulator

API_KEY = "sk_test_webox_emulator"


def _nest(pairs: list[tuple[str, str]]) -> dict[str, Any]:
    """Decode Stripe's form encoding (``line_items[0][price_data][currency]=eur``) into nested dicts and lists."""
    root: dict[str, Any] = {}
    for key, value in pairs:
        parts = key.replace("]", "").split("[")
        node = root
        for part in parts[:-1]:
            node = node.setdefault(part, {})
        node[parts[-1]] = value
    return _listify(root)


def _listify(node: Any) -> Any:
    if not isinstance(node, dict):
        return node
    items = {key: _listify(value) for key, value in node.items()}
    if items and all(key.isdigit() for key in items):
        return [items[key] for key in sorted(items, key=int)]
    return items


def stripe_error(status: int, message: str, *, type_: str = "invalid_request_error", code: str = "", param: str = ""):
    """Return a Stripe-shaped error answer."""
    return status, {"error": {"type": type_, "code": code or None, "message": message, "param": param or None}}


class StripeState:
    """Sessions, payment intents, refunds and events, behind one lock."""

    def __init__(self):
        self.lock = threading.RLock()
        self.counter = itertools.count(1)
        self.sessions: dict[str, dict] = {}
        self.intents: dict[str, dict] = {}
        self.refunds: dict[str, dict] = {}
        self.events: list[dict] = []
        self.idempotency: dict[str, tuple[str, int, dict]] = {}
        self.requests: list[dict] = []
        self.failures: list[tuple[str, int, dict]] = []
        self.intent_metadata: dict[str, dict] = {}  # by session id: payment_intent_data[metadata]

    def next_id(self, prefix: str) -> str:
        return f"{prefix}_test_{next(self.counter):06d}"

    def event_add(self, event_type: str, obj: dict) -> dict:
        event = {
            "id": self.next_id("evt"),
            "object": "event",
            "api_version": "2026-10-28",
            "created": int(time.time()),
            "livemode": False,
            "pending_webhooks": 1,
            "type": event_type,
            "data": {"object": json.loads(json.dumps(obj))},
        }
        self.events.append(event)
        return event


class _Handler(BaseHTTPRequestHandler):
    server: "StripeEmulator"

    def log_message(self, *args) -> None:  # keep test output quiet
        pass

    def _send(self, status: int, body: dict, headers: dict | None = None) -> None:
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.send_header("Request-Id", f"req_{hashlib.sha1(data).hexdigest()[:14]}")
        for name, value in (headers or {}).items():
            self.send_header(name, value)
        self.end_headers()
        self.wfile.write(data)

    def _authorised(self) -> bool:
        return self.headers.get("Authorization", "") == f"Bearer {self.server.api_key}"

    def do_GET(self) -> None:
        self._dispatch("GET")

    def do_POST(self) -> None:
        self._dispatch("POST")

    def _dispatch(self, method: str) -> None:
        url = urlsplit(self.path)
        length = int(self.headers.get("Content-Length") or 0)
        raw = self.rfile.read(length).decode() if length else url.query
        params = _nest(parse_qsl(raw, keep_blank_values=True))
        state = self.server.state
        with state.lock:
            state.requests.append(
                {
                    "method": method,
                    "path": url.path,
                    "params": params,
                    "idempotency_key": self.headers.get("Idempotency-Key"),
                }
            )
        if not self._authorised():
            self._send(*stripe_error(401, "Invalid API Key provided."))
            return
        status, body, headers = self.server.route(method, url.path, params, self.headers.get("Idempotency-Key"))
        self._send(status, body, headers)


class StripeEmulator(ProviderEmulator):
    """Start with ``StripeEmulator().start()``; ``url`` is its base address; ``reset()`` between tests."""

    handler_class = _Handler
    default_api_key = API_KEY

    def reset(self) -> None:
        super().reset()
        self.state = StripeState()

    # ------------------------------------------------------------------ HTTP routes
    def route(self, method: str, path: str, params: dict, key: str | None) -> tuple[int, dict, dict]:
        with self.state.lock:
            for index, (failing_path, status, body) in enumerate(self.state.failures):
                if path.startswith(failing_path):
                    del self.state.failures[index]
                    return status, body, {}
            if method == "POST" and key:
                return self._idempotent(path, params, key)
            status, body = self._route(method, path, params)
            return status, body, {}

    def _idempotent(self, path: str, params: dict, key: str) -> tuple[int, dict, dict]:
        fingerprint = hashlib.sha256(json.dumps([path, params], sort_keys=True).encode()).hexdigest()
        seen = self.state.idempotency.get(key)
        if seen is not None:
            if seen[0] != fingerprint:
                status, body = stripe_error(
                    400,
                    "Keys for idempotent requests can only be used with the same parameters they were first used with.",
                    type_="idempotency_error",
                )
                return status, body, {}
            return seen[1], seen[2], {"Idempotent-Replayed": "true"}
        status, body = self._route("POST", path, params)
        self.state.idempotency[key] = (fingerprint, status, body)
        return status, body, {}

    def _route(self, method: str, path: str, params: dict) -> tuple[int, dict]:
        parts = [part for part in path.split("/") if part]
        if method == "POST" and parts == ["v1", "checkout", "sessions"]:
            return self._session_create(params)
        if method == "GET" and parts[:3] == ["v1", "checkout", "sessions"] and len(parts) == 4:
            session = self.state.sessions.get(parts[3])
            if session is None:
                return stripe_error(
                    404, f"No such checkout.session: '{parts[3]}'", code="resource_missing", param="session"
                )
            return 200, session
        if method == "POST" and parts == ["v1", "refunds"]:
            return self._refund_create(params)
        if method == "GET" and parts == ["v1", "events"]:
            return 200, self._events_list(params)
        return stripe_error(404, f"Unrecognized request URL ({method}: {path}).")

    def _session_create(self, params: dict) -> tuple[int, dict]:
        for required in ("mode", "line_items", "success_url"):
            if not params.get(required):
                return stripe_error(
                    400, f"Missing required param: {required}.", code="parameter_missing", param=required
                )
        items = params["line_items"]
        currencies = {item["price_data"]["currency"] for item in items}
        if len(currencies) != 1:
            return stripe_error(400, "All line items must share one currency.", param="line_items")
        amount = sum(int(item["price_data"]["unit_amount"]) * int(item["quantity"]) for item in items)
        session_id = self.state.next_id("cs")
        session = {
            "id": session_id,
            "object": "checkout.session",
            "url": f"https://checkout.stripe.com/c/pay/{session_id}",
            "mode": params["mode"],
            "status": "open",
            "payment_status": "unpaid",
            "amount_total": amount,
            "amount_subtotal": amount,
            "currency": currencies.pop(),
            "client_reference_id": params.get("client_reference_id"),
            "customer_email": params.get("customer_email"),
            "metadata": params.get("metadata", {}),
            "payment_intent": None,
            "success_url": params["success_url"],
            "cancel_url": params.get("cancel_url"),
            "locale": params.get("locale"),
            "line_items": {"object": "list", "data": items},  # Stripe expands these on request only
            "created": int(time.time()),
        }
        self.state.sessions[session_id] = session
        self.state.intent_metadata[session_id] = (params.get("payment_intent_data") or {}).get("metadata", {})
        return 200, session

    def _refund_create(self, params: dict) -> tuple[int, dict]:
        intent = self.state.intents.get(params.get("payment_intent", ""))
        if intent is None:
            return stripe_error(404, "No such payment_intent.", code="resource_missing", param="payment_intent")
        charge = intent["charge"]
        left = charge["amount"] - charge["amount_refunded"]
        amount = int(params.get("amount") or left)
        if left <= 0:
            return stripe_error(400, "Charge has already been refunded.", code="charge_already_refunded")
        if amount > left:
            return stripe_error(
                400,
                f"Refund amount ({amount}) is greater than unrefunded amount.",
                code="amount_too_large",
                param="amount",
            )
        refund = {
            "id": self.state.next_id("re"),
            "object": "refund",
            "amount": amount,
            "currency": charge["currency"],
            "charge": charge["id"],
            "payment_intent": intent["id"],
            "metadata": params.get("metadata", {}),
            "status": "succeeded",
            "created": int(time.time()),
        }
        self.state.refunds[refund["id"]] = refund
        charge["amount_refunded"] += amount
        charge["refunded"] = charge["amount_refunded"] == charge["amount"]
        self.state.event_add("charge.refunded", charge)
        return 200, refund

    def _events_list(self, params: dict) -> dict:
        created = params.get("created") or {}
        since = int(created.get("gte", 0)) if isinstance(created, dict) else int(created or 0)
        types = params.get("types") or []
        events = [e for e in reversed(self.state.events) if e["created"] >= since and (not types or e["type"] in types)]
        after = params.get("starting_after")
        if after:
            ids = [event["id"] for event in events]
            events = events[ids.index(after) + 1 :] if after in ids else []
        limit = int(params.get("limit") or 10)
        return {"object": "list", "url": "/v1/events", "has_more": len(events) > limit, "data": events[:limit]}

    # ------------------------------------------------------------------ the customer, played by the test
    def session(self, session_id: str) -> dict:
        return self.state.sessions[session_id]

    def fail_next(
        self, path: str, status: int = 500, message: str = "Internal error.", type_: str = "api_error"
    ) -> None:
        """Make the next request to ``path`` fail with a Stripe error."""
        with self.state.lock:
            self.state.failures.append((path, *stripe_error(status, message, type_=type_)))

    def _capture(self, session: dict, amount: int) -> dict:
        intent_id = self.state.next_id("pi")
        metadata = self.state.intent_metadata.get(session["id"], {})
        charge = {
            "id": self.state.next_id("ch"),
            "object": "charge",
            "amount": amount,
            "amount_refunded": 0,
            "currency": session["currency"],
            "payment_intent": intent_id,
            "metadata": metadata,
            "refunded": False,
            "paid": True,
        }
        self.state.intents[intent_id] = {
            "id": intent_id,
            "object": "payment_intent",
            "amount": amount,
            "charge": charge,
            "metadata": metadata,
        }
        session["payment_intent"] = intent_id
        return charge

    def pay(self, session_id: str, *, asynchronous: bool = False) -> dict:
        """The customer pays on Stripe's page: return the ``checkout.session.completed`` event."""
        with self.state.lock:
            session = self.state.sessions[session_id]
            self._capture(session, session["amount_total"])
            session["status"] = "complete"
            session["payment_status"] = "unpaid" if asynchronous else "paid"
            return self.state.event_add("checkout.session.completed", session)

    def async_succeed(self, session_id: str) -> dict:
        """A delayed payment method (SEPA debit...) settles: return ``checkout.session.async_payment_succeeded``."""
        with self.state.lock:
            session = self.state.sessions[session_id]
            session["payment_status"] = "paid"
            return self.state.event_add("checkout.session.async_payment_succeeded", session)

    def async_fail(self, session_id: str) -> dict:
        with self.state.lock:
            return self.state.event_add("checkout.session.async_payment_failed", self.state.sessions[session_id])

    def card_declined(self, session_id: str) -> dict:
        """A card is declined on the page: return ``payment_intent.payment_failed``."""
        with self.state.lock:
            session = self.state.sessions[session_id]
            metadata = self.state.intent_metadata.get(session_id, {})
            intent = {
                "id": self.state.next_id("pi"),
                "object": "payment_intent",
                "amount": session["amount_total"],
                "currency": session["currency"],
                "metadata": metadata,
                "status": "requires_payment_method",
                "last_payment_error": {"code": "card_declined", "message": "Your card was declined."},
            }
            return self.state.event_add("payment_intent.payment_failed", intent)

    def dashboard_refund(self, intent_id: str, amount: int) -> dict:
        """Staff refund from Stripe's dashboard: return the ``charge.refunded`` event."""
        with self.state.lock:
            status, body = self._refund_create({"payment_intent": intent_id, "amount": str(amount)})
            assert status == 200, body
            return self.state.events[-1]
