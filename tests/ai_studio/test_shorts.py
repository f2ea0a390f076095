"""The shorts builder with the offline demo: script or topic → scenes → pictures and narration → a vertical MP4."""

import io
import wave

import pytest
from django.utils.translation import gettext as _
from PIL import Image

from ai_studio.media import MediaInfo, Slide, probe, slideshow_encode
from ai_studio.models import CreditAccount, GenerationJob
from ai_studio.providers import SpeechRequest, provider_get
from ai_studio.services import job_create
from ai_studio.services.shorts import SHORT_SIZE, scenes_split, short_slides
from webox.common.errors import ApplicationError

from .studio_support import funded_user_make
from .video_support import Listener

pytestmark = pytest.mark.django_db
Status = GenerationJob.Status
SCRIPT = (
    "Le phare veille sur la côte depuis deux siècles.\n\n"
    "Chaque nuit, sa lumière balaie la mer.\n"
    "- Les marins le saluent en passant."
)


def _run(capture, **arguments) -> GenerationJob:
    with capture(execute=True):
        job = job_create(**arguments)
    job.refresh_from_db()
    return job


def _video(job: GenerationJob) -> MediaInfo:
    result = job.results.get()
    assert result.content_type == "video/mp4"
    with result.file.open("rb") as file:
        return probe(file.read())


def _narration_seconds(scenes: list[str]) -> float:
    demo = provider_get("demo")
    return sum(demo.speech(SpeechRequest(model="demo", text=scene)).duration for scene in scenes)


def test_scenes_split_one_per_line_without_bullets_and_at_most_eight():
    assert scenes_split(SCRIPT) == [
        "Le phare veille sur la côte depuis deux siècles.",
        "Chaque nuit, sa lumière balaie la mer.",
        "Les marins le saluent en passant.",
    ]
    assert scenes_split("1. Un.\n2) Deux.\nScène 3 : Trois.") == ["Un.", "Deux.", "Trois."]
    many = "\n".join(f"Phrase {number}." for number in range(20))
    assert len(scenes_split(many)) <= 8 and " ".join(scenes_split(many)) == " ".join(many.splitlines())


def test_short_from_a_script_is_a_vertical_mp4_as_long_as_its_narration(django_capture_on_commit_callbacks):
    """1080x1920, H.264 with sound, lasting the narration of its three scenes; progress went through every stage."""
    customer = funded_user_make(500)
    listener = Listener(customer)

    job = _run(django_capture_on_commit_callbacks, user=customer, kind="short", prompt="", params={"script": SCRIPT})

    assert job.status == Status.SUCCEEDED, job.error
    info = _video(job)
    assert (info.width, info.height, info.video_codec, info.pixel_format) == (1080, 1920, "h264", "yuv420p")
    assert info.has_audio
    narration = _narration_seconds(scenes_split(SCRIPT))
    assert info.duration == pytest.approx(narration, abs=0.4)
    stages = [event["stage"] for event in listener.job_events() if event["status"] == "running"]
    expected = [_("Script"), _("Images %(done)d/%(total)d") % {"done": 1, "total": 3}, _("Voice"), _("Editing")]
    assert all(stage in stages for stage in expected)
    assert stages.index(expected[0]) < stages.index(expected[1]) < stages.index(expected[2]) < stages.index(expected[3])


def test_short_cost_adds_pictures_speech_and_assembly_and_stays_within_the_reservation(
    django_capture_on_commit_callbacks,
):
    """A script needs no chat: 3 pictures at 5, the seconds of speech at 1, the seconds of video at 1."""
    customer = funded_user_make(500)

    job = _run(django_capture_on_commit_callbacks, user=customer, kind="short", params={"script": SCRIPT}, prompt="")

    seconds = _narration_seconds(scenes_split(SCRIPT))
    speech = -(-seconds // 1)
    assert job.cost == 3 * 5 + speech + speech
    assert job.cost <= job.reserved_credits
    assert CreditAccount.objects.get(user=customer).balance == 500 - job.cost


def test_short_from_a_topic_has_the_chat_model_write_the_scenes(django_capture_on_commit_callbacks):
    """The demo chat writes the script: its tokens are charged too, and the short has the scenes asked."""
    customer = funded_user_make(500)

    job = _run(
        django_capture_on_commit_callbacks,
        user=customer,
        kind="short",
        model="demo-chat",
        prompt="",
        params={"topic": "Les phares de Bretagne", "scenes": 2},
    )

    assert job.status == Status.SUCCEEDED, job.error
    assert job.output_tokens > 0 and job.input_tokens > 0
    info = _video(job)
    assert (info.width, info.height) == SHORT_SIZE and info.has_audio and info.duration > 1


@pytest.mark.parametrize(
    "params",
    [
        {},
        {"script": "Un.", "topic": "Deux"},
        {"script": "x" * 2001},
        {"topic": "x" * 201},
        {"topic": "Phares", "scenes": 9},
        {"script": 3},
    ],
)
def test_short_parameters_are_checked_before_anything_is_reserved(params):
    customer = funded_user_make(500)
    with pytest.raises(ApplicationError) as caught:
        job_create(user=customer, kind="short", prompt="", params=params)
    assert caught.value.code == "invalid"
    assert not GenerationJob.objects.exists()


def _wav(seconds: float, rate: int = 16000) -> bytes:
    buffer = io.BytesIO()
    with wave.open(buffer, "wb") as file:
        file.setnchannels(1), file.setsampwidth(2), file.setframerate(rate)
        file.writeframes(b"\x10\x00\xf0\xff" * int(seconds * rate / 2))
    return buffer.getvalue()


def test_slides_follow_each_scenes_narration_and_carry_its_subtitles():
    """Each scene's subtitle pieces share its narration time; the assembled video lasts the sum of the sounds."""
    pictures = [Image.new("RGB", SHORT_SIZE, colour) for colour in ("navy", "darkgreen")]
    scenes = ["Une phrase courte.", "Une phrase bien plus longue, qui tient sur deux sous-titres au moins, vraiment."]

    slides = short_slides(scenes, pictures, [1.5, 2.5])

    assert len(slides) == 3 and all(isinstance(slide, Slide) for slide in slides)
    assert slides[0].seconds == pytest.approx(1.5) and sum(slide.seconds for slide in slides[1:]) == pytest.approx(2.5)
    assert slides[0].image.getpixel((540, 200)) == (0, 0, 128)  # the picture above
    assert slides[0].image.getpixel((540, int(1920 * 0.7))) != (0, 0, 128)  # the subtitle band below
    video = slideshow_encode(slides, sounds=[_wav(1.5), _wav(2.5, rate=22050)], size=SHORT_SIZE, fps=6)
    info = probe(video)
    assert (info.width, info.height) == SHORT_SIZE and info.has_audio
    assert info.duration == pytest.approx(4.0, abs=0.3)


def test_an_unknown_image_model_setting_falls_back_to_the_first_available_one(
    settings, django_capture_on_commit_callbacks
):
    settings.AI_SHORTS_IMAGE_MODEL = "no-such-model"
    customer = funded_user_make(500)

    job = _run(django_capture_on_commit_callbacks, user=customer, kind="short", prompt="", params={"script": "Un."})

    assert job.status == Status.SUCCEEDED, job.error
    assert job.cost >= 5  # one demo picture


def test_without_any_speech_model_a_short_is_refused_before_anything_is_reserved(settings):
    settings.AI_MODELS = [model for model in settings.AI_MODELS if model["capability"] != "speech"]
    customer = funded_user_make(500)

    with pytest.raises(ApplicationError) as caught:
        job_create(user=customer, kind="short", prompt="", params={"script": "Un."})

    assert caught.value.code == "model_unavailable"
    assert not GenerationJob.objects.exists()
