"""Writes of the AI studio: credits and generation jobs."""

from .conversations import (
    conversation_create,
    conversation_delete,
    conversation_get_for,
    conversation_group,
    conversation_rename,
    message_reply_run,
    message_running_list,
    message_send,
    message_status,
)
from .credits import (
    credit_account_get,
    credits_claim_order,
    credits_grant,
    credits_refund,
    credits_reserve,
    credits_settle,
    credits_signup_bonus,
)
from .jobs import job_cancel, job_create, job_get_for, job_results_erase, job_run
from .regenerate import job_regenerate, result_product_image_add

__all__ = [
    "conversation_create",
    "conversation_delete",
    "conversation_get_for",
    "conversation_group",
    "conversation_rename",
    "credit_account_get",
    "credits_claim_order",
    "credits_grant",
    "credits_refund",
    "credits_reserve",
    "credits_settle",
    "credits_signup_bonus",
    "job_cancel",
    "job_create",
    "job_get_for",
    "job_regenerate",
    "job_results_erase",
    "job_run",
    "message_reply_run",
    "message_running_list",
    "message_send",
    "message_status",
    "result_product_image_add",
]
