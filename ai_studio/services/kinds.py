"""What each kind of job does: which models it takes, its parameters, its estimate, how it runs.

``job_create`` and ``job_run`` know nothing of chat, images or eBooks: they
look the job's kind up in ``KIND_HANDLERS`` (kind → dotted path of a
``JobKind``) and call it. A new kind is a module with one ``JobKind`` and a
line below.
"""

from collections.abc import Callable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from webox.common.errors import ApplicationError

from ..catalogue import AiModel
from ..errors import AiErrorCode
from ..models import GenerationJob
from ..moderation import prompt_moderate
from ..providers import GeneratedFile, Usage

KIND_HANDLERS: dict[str, str] = {
    "chat": "ai_studio.services.generate.CHAT",
    "image": "ai_studio.services.generate.IMAGE",
    "speech": "ai_studio.services.audio.SPEECH",
    "music": "ai_studio.services.audio.MUSIC",
    "ebook": "ai_studio.services.ebook.EBOOK",
    "ad": "ai_studio.services.ads.AD",
    "video": "ai_studio.services.video.VIDEO",
    "short": "ai_studio.services.shorts.SHORT",
}


@dataclass
class Outcome:
    """What a job produced: its files, the tokens it used, and the credits it really cost."""

    files: list[GeneratedFile] = field(default_factory=list)
    usage: Usage = field(default_factory=Usage)
    cost: int = 0


class JobContext:
    """What a running job's code may use: the job, its model, and a way to report progress."""

    def __init__(self, job: GenerationJob, model: AiModel):
        self.job = job
        self.model = model

    def progress(self, percent: int, stage: str = "") -> None:
        """Report how far the job got (pushed live to its owner); raise ``JobCancelled`` when it was cancelled."""
        from .jobs import job_progress

        job_progress(job_id=self.job.pk, percent=percent, stage=stage)

    def charge(self, cost: int) -> int:
        """Return the credits to settle for a real ``cost``: never more than the job reserved.

        The credits reserved when a job is queued (shown on its card) are the most it costs:
        when a provider returns more than foreseen (a longer sound, a dearer model picked
        meanwhile), the difference is not charged.
        """
        return max(0, min(cost, self.job.reserved_credits))


@dataclass(frozen=True)
class JobKind:
    """One kind of job.

    ``capability``: the capability its model must have (a builder writes with a chat model).
    ``clean(params)`` returns the parameters with their defaults or raises ``ApplicationError``.
    ``estimate(model, prompt, params)`` returns the credits to reserve (the most it may cost).
    ``run(context)`` calls the providers and returns an ``Outcome`` whose ``cost`` is settled.
    ``prompt_required``: whether an empty prompt is refused (a builder may take its text from params).
    ``free_text(params)``: the field and the text a person wrote in the cleaned parameters (a brief, a
    script, a title), moderated like the prompt.
    """

    capability: str
    clean: Callable[[dict[str, Any]], dict[str, Any]]
    estimate: Callable[[AiModel, str, dict[str, Any]], int]
    run: Callable[[JobContext], Outcome]
    prompt_required: bool = True
    free_text: Callable[[dict[str, Any]], tuple[str, str]] | None = None

    def params_moderate(self, params: dict[str, Any]) -> None:
        """Refuse the cleaned ``params`` when the text a person wrote in them breaks the content rules."""
        if self.free_text is not None:
            field, text = self.free_text(params)
            prompt_moderate(text, field=field)


@cache
def _load(path: str) -> JobKind:
    return import_string(path)


def kind_get(kind: str) -> JobKind:
    """Return the handler of ``kind``; a kind with none yet is a ``wrong_capability`` field error."""
    path = KIND_HANDLERS.get(kind)
    if path is None:
        message = _("This kind of generation is not available yet.")
        raise ApplicationError(message, code=AiErrorCode.WRONG_CAPABILITY, extra={"fields": {"kind": [message]}})
    return _load(path)
