"""Files joined to ticket messages: images and PDF documents only, checked by their content, 10 MB at most."""

from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, UnidentifiedImageError
from pypdf import PdfReader
from pypdf.errors import PyPdfError

from webox.common.errors import ApplicationError

from ..errors import SupportErrorCode
from ..models import TicketAttachment, TicketMessage

ATTACHMENT_MAX_BYTES = 10 * 1024 * 1024
ATTACHMENTS_PER_MESSAGE = 5
IMAGE_TYPES = {"JPEG": "image/jpeg", "PNG": "image/png", "GIF": "image/gif", "WEBP": "image/webp"}


@dataclass(frozen=True)
class CheckedFile:
    """What the content of an uploaded file turned out to be."""

    content_type: str
    extension: str


def _invalid(name: str) -> ApplicationError:
    return ApplicationError(
        _("“%(name)s” is not an image (JPEG, PNG, GIF, WebP) or a PDF document.") % {"name": name},
        code=SupportErrorCode.INVALID_ATTACHMENT,
        extra={"fields": {"attachments": [_("Only images and PDF documents can be attached.")]}},
    )


def _pdf_check(upload: UploadedFile) -> CheckedFile:
    try:
        reader = PdfReader(upload, strict=False)
        if len(reader.pages) < 1:
            raise _invalid(upload.name)
    except (PyPdfError, ValueError, OSError, KeyError, TypeError) as exc:
        raise _invalid(upload.name) from exc
    return CheckedFile("application/pdf", "pdf")


def _image_check(upload: UploadedFile) -> CheckedFile:
    try:
        with Image.open(upload) as image:
            kind = image.format
            image.verify()
    except (UnidentifiedImageError, OSError, ValueError, SyntaxError, Image.DecompressionBombError) as exc:
        raise _invalid(upload.name) from exc
    if kind not in IMAGE_TYPES:
        raise _invalid(upload.name)
    return CheckedFile(IMAGE_TYPES[kind], kind.lower().replace("jpeg", "jpg"))


def attachment_validate(upload: UploadedFile) -> CheckedFile:
    """Return what ``upload`` is, or raise ``ApplicationError`` when it is too large or neither an image nor a PDF."""
    if upload.size > ATTACHMENT_MAX_BYTES:
        raise ApplicationError(
            _("“%(name)s” is larger than 10 MB.") % {"name": upload.name},
            code=SupportErrorCode.ATTACHMENT_TOO_LARGE,
            extra={"fields": {"attachments": [_("Each file must be 10 MB or smaller.")]}},
        )
    upload.seek(0)
    head = upload.read(5)
    upload.seek(0)
    checked = _pdf_check(upload) if head == b"%PDF-" else _image_check(upload)
    upload.seek(0)
    return checked


def attachments_validate(uploads) -> list[CheckedFile]:
    """Check every upload of one message (at most ``ATTACHMENTS_PER_MESSAGE``)."""
    uploads = list(uploads or [])
    if len(uploads) > ATTACHMENTS_PER_MESSAGE:
        raise ApplicationError(
            _("Attach at most %(count)s files to a message.") % {"count": ATTACHMENTS_PER_MESSAGE},
            code=SupportErrorCode.INVALID_ATTACHMENT,
        )
    return [attachment_validate(upload) for upload in uploads]


def attachments_save(*, message: TicketMessage, uploads, checked: list[CheckedFile]) -> list[TicketAttachment]:
    """Store the checked uploads of ``message`` in private storage under a name of their actual type."""
    saved = []
    for upload, info in zip(uploads, checked, strict=True):
        attachment = TicketAttachment(
            message=message, original_name=upload.name[:255], content_type=info.content_type, size=upload.size
        )
        attachment.file.save(f"attachment.{info.extension}", upload, save=False)
        attachment.save()
        saved.append(attachment)
    return saved
