"""The offline demo provider: templated streamed answers and Pillow pictures, the same for the same request."""

import io

from PIL import Image

from ai_studio.providers import ChatRequest, ImageRequest, messages_tuple, provider_get


def _chat(prompt: str, **options) -> ChatRequest:
    return ChatRequest(model="demo", messages=messages_tuple([("system", "Sois bref."), ("user", prompt)]), **options)


def test_demo_chat_answers_from_the_prompt_says_it_is_a_demo_and_counts_words_as_tokens():
    provider = provider_get("demo")
    result = provider.chat(_chat("Écris un slogan pour une lampe solaire"))
    assert provider.is_demo and provider.label == "Démo (hors ligne)"
    assert "démonstration" in result.text and "Écris un slogan pour une lampe solaire" in result.text
    assert result.usage.input_tokens == 2 + 7
    assert result.usage.output_tokens == len(result.text.split())
    assert provider.chat(_chat("Écris un slogan pour une lampe solaire")) == result


def test_demo_chat_stream_yields_words_then_usage_and_adds_up_to_the_answer():
    provider = provider_get("demo")
    request = _chat("Résume la Révolution française")
    deltas = list(provider.chat_stream(request))
    assert len(deltas) > 20
    assert all(delta.usage is None for delta in deltas[:-1])
    assert deltas[-1].finish_reason == "stop" and deltas[-1].usage == provider.chat(request).usage
    assert "".join(delta.text for delta in deltas) == provider.chat(request).text


def test_demo_chat_counts_no_more_output_tokens_than_allowed():
    result = provider_get("demo").chat(_chat("Bonjour", max_tokens=5))
    assert result.usage.output_tokens == 5


def test_demo_image_is_a_png_of_the_asked_size_the_same_for_the_same_prompt():
    provider = provider_get("demo")
    request = ImageRequest(model="demo", prompt="Un phare breton au coucher du soleil", size="512x256", count=2)
    result = provider.image(request)
    assert len(result.images) == 2
    first = result.images[0]
    assert first.content_type == "image/png" and first.extension == "png"
    picture = Image.open(io.BytesIO(first.content))
    assert picture.format == "PNG" and picture.size == (512, 256)
    assert provider.image(request) == result
    assert result.images[0].content != result.images[1].content
    other = provider.image(ImageRequest(model="demo", prompt="Une forêt de sapins", size="512x256"))
    assert other.images[0].content != first.content
