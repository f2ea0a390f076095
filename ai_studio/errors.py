"""Error codes of the AI studio, raised with webox.common.errors' classes (or the ones below)."""

from enum import StrEnum

from webox.common.errors import ApplicationError


class AiErrorCode(StrEnum):
    INSUFFICIENT_CREDITS = "insufficient_credits"
    UNKNOWN_MODEL = "unknown_model"
    MODEL_UNAVAILABLE = "model_unavailable"
    WRONG_CAPABILITY = "wrong_capability"
    PROMPT_TOO_LONG = "prompt_too_long"
    PROMPT_EMPTY = "prompt_empty"
    PROMPT_REFUSED = "prompt_refused"
    DAILY_LIMIT_REACHED = "daily_limit_reached"
    JOB_NOT_FOUND = "job_not_found"
    JOB_FINISHED = "job_finished"
    CONVERSATION_NOT_FOUND = "conversation_not_found"


class InsufficientCredits(ApplicationError):
    """The account cannot cover the reservation: HTTP 402."""

    status_code = 402
    default_code = AiErrorCode.INSUFFICIENT_CREDITS


class DailyLimitReached(ApplicationError):
    """The user started as many jobs today as ``AI_DAILY_JOB_LIMIT`` allows: HTTP 429."""

    status_code = 429
    default_code = AiErrorCode.DAILY_LIMIT_REACHED


class JobCancelled(Exception):
    """The job was cancelled while it ran: its code stops, keeping nothing (the credits were given back)."""
