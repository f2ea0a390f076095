"""Fixtures the studio's test modules share: the local OpenAI emulator, and moderation pointed at it."""

import pytest

from tests.fakes.openai_emulator import API_KEY, OpenAIEmulator


@pytest.fixture(scope="module")
def openai_server():
    """The OpenAI emulator on 127.0.0.1, one per test module."""
    server = OpenAIEmulator().start()
    yield server
    server.stop()


@pytest.fixture
def moderation(openai_server, settings):
    """Turn moderation on, with the OpenAI provider pointed at the emulator."""
    openai_server.reset()
    options = {"api_key": API_KEY, "base_url": openai_server.url, "timeout": 2}
    settings.AI_PROVIDERS = {
        **settings.AI_PROVIDERS,
        "openai": {"CLASS": "ai_studio.providers.openai.OpenAIProvider", "OPTIONS": options},
    }
    settings.AI_MODERATION = True
    return openai_server
