"""Tell the owner of a job what happens to it: live progress on their socket, notifications when it ends.

Every change of a job's status or progress is pushed to the owner's
notifications group as ``{type: "job", id, kind, status, progress, stage}``; the
notifications consumer relays it as is. A finished or failed job, and a credit
balance that drops below ``settings.AI_LOW_CREDITS_THRESHOLD``, also become a
stored notification. Everything happens once the transaction commits.
"""

from typing import Any

from django.conf import settings
from django.db import transaction
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from notifications.events import layer_message
from notifications.groups import user_group
from notifications.services import notify
from webox.common.realtime import broadcast

from .models import GenerationJob

Status = GenerationJob.Status


def job_event(job: GenerationJob) -> dict[str, Any]:
    """Return the browser's event for ``job``'s current status and progress."""
    return {
        "type": "job",
        "id": job.pk,
        "kind": job.kind,
        "status": job.status,
        "progress": job.progress,
        "stage": job.stage,
    }


def job_push(job: GenerationJob) -> None:
    """Push ``job``'s status and progress to its owner's open sockets after commit."""
    broadcast(user_group(job.user_id), layer_message(job_event(job)))


def _job_notify_now(job: GenerationJob) -> None:
    url = reverse("ai_studio-api:job-detail", args=[job.pk])
    if job.status == Status.SUCCEEDED:
        notify(user=job.user, kind="ai_job_finished", title=_("Your AI generation is ready"), body=job.prompt, url=url)
    elif job.status == Status.FAILED:
        notify(user=job.user, kind="ai_job_failed", title=_("Your AI generation failed"), body=job.error, url=url)


def job_finished_notify(job: GenerationJob) -> None:
    """Notify the owner that ``job`` succeeded or failed, once its final state is committed."""
    transaction.on_commit(lambda: _job_notify_now(job))


def _low_credits_notify_now(user, balance: int) -> None:
    body = ngettext("%(balance)d credit left.", "%(balance)d credits left.", balance) % {"balance": balance}
    title = _("Your AI credits are running low")
    notify(user=user, kind="low_credits", title=title, body=body, url=reverse("ai_studio:index"))


def low_credits_watch(*, user, before: int, after: int) -> None:
    """Notify ``user`` after commit when their balance went from at or above the threshold to below it."""
    threshold = settings.AI_LOW_CREDITS_THRESHOLD
    if before >= threshold > after:
        transaction.on_commit(lambda: _low_credits_notify_now(user, after))
