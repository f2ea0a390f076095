"""Writes of the AI studio: credits and generation jobs."""

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

__all__ = [
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
    "job_results_erase",
    "job_run",
]
