"""AI_PROVIDERS: each real provider is on when its key is set; the demo only when asked (offline only)."""

from webox.settings import base


def test_ai_providers_follow_the_keys_in_the_environment(monkeypatch):
    for name in ("OPENAI_API_KEY", "OPENAI_BASE_URL", "ANTHROPIC_API_KEY", "ANTHROPIC_BASE_URL"):
        monkeypatch.setattr(base, name, "")
    # Suno, Udio and Pika are always listed, as unavailable with the reason (no official public API).
    unavailable = ["suno", "udio", "pika"]
    providers = base.ai_providers(demo=False)
    assert list(providers) == unavailable
    assert all(entry["CLASS"].endswith("UnavailableProvider") for entry in providers.values())
    monkeypatch.setattr(base, "OPENAI_API_KEY", "sk-test")
    monkeypatch.setattr(base, "OPENAI_BASE_URL", "http://127.0.0.1:9/v1")
    monkeypatch.setattr(base, "ANTHROPIC_API_KEY", "sk-ant-test")
    providers = base.ai_providers(demo=True)
    assert list(providers) == ["demo", "openai", "anthropic", *unavailable]
    assert providers["demo"]["OFFLINE_ONLY"] is True
    assert providers["openai"]["OPTIONS"] == {"api_key": "sk-test", "base_url": "http://127.0.0.1:9/v1"}
    assert providers["anthropic"]["CLASS"] == "ai_studio.providers.anthropic.AnthropicProvider"


def test_every_catalogue_model_names_a_known_capability_and_its_prices():
    for model in base.AI_MODELS:
        prices = {
            "chat": ("price_in_per_1k", "price_out_per_1k"),
            "image": ("price_per_image",),
            "speech": ("price_per_second",),
            "music": ("price_per_second",),
            "video": ("price_per_second",),
        }[model["capability"]]
        assert all(isinstance(model[price], int) and model[price] > 0 for price in prices)
    assert len({model["id"] for model in base.AI_MODELS}) == len(base.AI_MODELS)
