"""The provider registry builds providers from settings by alias and resets with them."""

from dataclasses import dataclass

import pytest
from django.core.exceptions import ImproperlyConfigured

from webox.common.registry import Registry


@dataclass
class EchoProvider:
    alias: str
    greeting: str = "bonjour"


def echo_config(greeting: str) -> dict:
    return {"echo": {"CLASS": "tests.common.test_registry.EchoProvider", "OPTIONS": {"greeting": greeting}}}


def test_registry_builds_each_alias_with_its_options(settings):
    settings.TEST_PROVIDERS = echo_config("salut")
    registry = Registry("TEST_PROVIDERS")
    provider = registry.get("echo")
    assert provider == EchoProvider(alias="echo", greeting="salut")
    assert registry.get("echo") is provider  # built once
    assert "echo" in registry and "other" not in registry


def test_registry_resets_when_the_setting_changes(settings):
    settings.TEST_PROVIDERS = echo_config("salut")
    registry = Registry("TEST_PROVIDERS")
    assert registry.get("echo").greeting == "salut"
    settings.TEST_PROVIDERS = echo_config("hello")
    assert registry.get("echo").greeting == "hello"


def test_registry_reports_a_bad_class_path(settings):
    settings.TEST_PROVIDERS = {"broken": {"CLASS": "tests.common.nowhere.Missing"}}
    with pytest.raises(ImproperlyConfigured, match="broken"):
        Registry("TEST_PROVIDERS").all()


def test_registry_unknown_alias_raises_key_error(settings):
    settings.TEST_PROVIDERS = {}
    with pytest.raises(KeyError):
        Registry("TEST_PROVIDERS").get("stripe")
