"""`check --deploy` refuses settings that cannot serve production."""

from django.core import checks
from django.test import override_settings

OFFLINE = {"sandbox": {"CLASS": "payments.gateways.sandbox.SandboxGateway", "OFFLINE_ONLY": True}}
ONLINE = {"stripe": {"CLASS": "payments.gateways.stripe.StripeGateway", "OPTIONS": {}}}


def deploy_errors() -> set[str]:
    return {message.id for message in checks.run_checks(include_deployment_checks=True, tags=["security"])}


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, PAYMENT_GATEWAYS=ONLINE, AI_PROVIDERS={})
def test_deploy_checks_accept_real_providers_and_workers():
    assert not {"webox.E001", "webox.E002"} & deploy_errors()


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, PAYMENT_GATEWAYS=OFFLINE)
def test_deploy_checks_refuse_an_offline_provider():
    assert "webox.E001" in deploy_errors()


@override_settings(CELERY_TASK_ALWAYS_EAGER=False, PAYMENT_GATEWAYS=OFFLINE, ALLOW_OFFLINE_PROVIDERS=True)
def test_deploy_checks_allow_offline_providers_for_a_demo_deployment():
    assert "webox.E001" not in deploy_errors()


@override_settings(CELERY_TASK_ALWAYS_EAGER=True)
def test_deploy_checks_refuse_eager_tasks():
    assert "webox.E002" in deploy_errors()
