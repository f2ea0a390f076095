"""Credits (an account per user and its append-only ledger), generation jobs and their files, chat history."""

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from webox.common.models import TimeStampedModel
from webox.common.storage import private_storage


class CreditAccount(TimeStampedModel):
    """A user's AI credits: ``balance`` can be spent now, ``reserved`` is held by running jobs.

    ``balance`` always equals the sum of the account's ledger entries; both
    change together, under a row lock, in ``ai_studio.services.credits``.
    """

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="credit_account"
    )
    balance = models.IntegerField(_("balance"), default=0)
    reserved = models.IntegerField(_("reserved"), default=0)

    class Meta:
        verbose_name = _("credit account")
        verbose_name_plural = _("credit accounts")
        constraints = [
            models.CheckConstraint(condition=Q(balance__gte=0), name="ai_credit_balance_not_negative"),
            models.CheckConstraint(condition=Q(reserved__gte=0), name="ai_credit_reserved_not_negative"),
        ]

    def __str__(self) -> str:
        return f"{self.user} ({self.balance})"


class CreditEntry(models.Model):
    """One movement of credits (positive: in, negative: out). Never changed or deleted."""

    class Kind(models.TextChoices):
        GRANT = "grant", _("Grant")
        PURCHASE = "purchase", _("Purchase")
        RESERVE = "reserve", _("Reservation")
        SETTLE = "settle", _("Settlement")
        REFUND = "refund", _("Refund")
        BONUS = "bonus", _("Bonus")
        ADJUST = "adjust", _("Adjustment")

    # The ledger goes only with its account, when the user deletes their own (personal data).
    account = models.ForeignKey(
        CreditAccount, verbose_name=_("account"), on_delete=models.CASCADE, related_name="entries"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    amount = models.IntegerField(_("amount"))
    reason = models.CharField(_("reason"), max_length=200, blank=True)
    job = models.ForeignKey(
        "GenerationJob", verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="entries"
    )
    order_line_id = models.BigIntegerField(_("order line"), null=True, blank=True, unique=True)
    created_at = models.DateTimeField(_("created"), auto_now_add=True, db_index=True)

    class Meta:
        verbose_name = _("credit entry")
        verbose_name_plural = _("credit entries")
        ordering = ["-created_at", "-pk"]

    def __str__(self) -> str:
        return f"{self.get_kind_display()} {self.amount:+d}"


class GenerationJob(TimeStampedModel):
    """One generation (chat answer, image...) run by a Celery task, with its reserved and final cost."""

    class Kind(models.TextChoices):
        CHAT = "chat", _("Chat")
        IMAGE = "image", _("Image")
        SPEECH = "speech", _("Speech")
        MUSIC = "music", _("Music")
        VIDEO = "video", _("Video")
        EBOOK = "ebook", _("eBook")
        AD = "ad", _("Ad")
        SHORT = "short", _("Short video")

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        SUCCEEDED = "succeeded", _("Succeeded")
        FAILED = "failed", _("Failed")
        CANCELLED = "cancelled", _("Cancelled")

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="generation_jobs"
    )
    kind = models.CharField(_("kind"), max_length=16, choices=Kind.choices)
    model = models.CharField(_("model"), max_length=100)
    provider = models.CharField(_("provider"), max_length=50)
    prompt = models.TextField(_("prompt"))
    params = models.JSONField(_("parameters"), default=dict, blank=True)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    progress = models.PositiveSmallIntegerField(_("progress (%)"), default=0)
    stage = models.CharField(_("stage"), max_length=100, blank=True)  # what a long job is doing now
    reserved_credits = models.PositiveIntegerField(_("reserved credits"), default=0)
    cost = models.PositiveIntegerField(_("cost"), null=True, blank=True)
    settled = models.BooleanField(_("reservation settled"), default=False)
    input_tokens = models.PositiveIntegerField(_("input tokens"), default=0)
    output_tokens = models.PositiveIntegerField(_("output tokens"), default=0)
    error = models.TextField(_("error"), blank=True)
    started_at = models.DateTimeField(_("started"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished"), null=True, blank=True)

    class Meta:
        verbose_name = _("generation job")
        verbose_name_plural = _("generation jobs")
        ordering = ["-created_at", "-pk"]
        indexes = [models.Index(fields=["user", "-created_at"])]
        constraints = [models.CheckConstraint(condition=Q(progress__lte=100), name="ai_job_progress_max_100")]

    def __str__(self) -> str:
        return f"#{self.pk} {self.kind} {self.model} ({self.status})"

    @property
    def is_finished(self) -> bool:
        return self.status in (self.Status.SUCCEEDED, self.Status.FAILED, self.Status.CANCELLED)


class GenerationResult(models.Model):
    """A file produced by a job, kept in private storage and served only to the job's owner."""

    job = models.ForeignKey(GenerationJob, verbose_name=_("job"), on_delete=models.CASCADE, related_name="results")
    file = models.FileField(_("file"), storage=private_storage, upload_to="ai/results/%Y/%m/")
    content_type = models.CharField(_("content type"), max_length=100)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("generation result")
        verbose_name_plural = _("generation results")
        ordering = ["pk"]

    def __str__(self) -> str:
        return self.file.name


class Conversation(TimeStampedModel):
    """A chat with one model: its title, system prompt and messages."""

    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, verbose_name=_("user"), on_delete=models.CASCADE, related_name="ai_conversations"
    )
    model = models.CharField(_("model"), max_length=100)
    title = models.CharField(_("title"), max_length=200, blank=True)
    system_prompt = models.TextField(_("system prompt"), blank=True)

    class Meta:
        verbose_name = _("conversation")
        verbose_name_plural = _("conversations")
        ordering = ["-updated_at", "-pk"]

    def __str__(self) -> str:
        return self.title or f"#{self.pk}"


class Message(models.Model):
    """One turn of a conversation, with the tokens it used and what it cost."""

    class Role(models.TextChoices):
        SYSTEM = "system", _("System")
        USER = "user", _("User")
        ASSISTANT = "assistant", _("Assistant")

    conversation = models.ForeignKey(
        Conversation, verbose_name=_("conversation"), on_delete=models.CASCADE, related_name="messages"
    )
    role = models.CharField(_("role"), max_length=16, choices=Role.choices)
    content = models.TextField(_("content"), blank=True)
    job = models.ForeignKey(
        GenerationJob, verbose_name=_("job"), null=True, blank=True, on_delete=models.SET_NULL, related_name="+"
    )
    input_tokens = models.PositiveIntegerField(_("input tokens"), default=0)
    output_tokens = models.PositiveIntegerField(_("output tokens"), default=0)
    cost = models.PositiveIntegerField(_("cost"), default=0)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)

    class Meta:
        verbose_name = _("message")
        verbose_name_plural = _("messages")
        ordering = ["created_at", "pk"]

    def __str__(self) -> str:
        return f"{self.role}: {self.content[:40]}"


class AiSwitch(TimeStampedModel):
    """A provider or a model that staff turned off (or back on), with the reason shown to users."""

    class Scope(models.TextChoices):
        PROVIDER = "provider", _("Provider")
        MODEL = "model", _("Model")

    scope = models.CharField(_("scope"), max_length=16, choices=Scope.choices)
    name = models.CharField(_("name"), max_length=100, help_text=_("A provider alias or a model id of the catalogue."))
    enabled = models.BooleanField(_("enabled"), default=False)
    reason = models.CharField(_("reason"), max_length=200, blank=True)

    class Meta:
        verbose_name = _("provider or model switch")
        verbose_name_plural = _("provider and model switches")
        ordering = ["scope", "name"]
        constraints = [models.UniqueConstraint(fields=["scope", "name"], name="ai_switch_unique_target")]

    def __str__(self) -> str:
        state = _("on") if self.enabled else _("off")
        return f"{self.get_scope_display()} {self.name}: {state}"
