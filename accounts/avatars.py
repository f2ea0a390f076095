"""Avatar images: decode what was uploaded, refuse anything that is not a sane picture, re-encode it.

The upload's name, extension and declared content type are never trusted:
Pillow must decode the file as one of the allowed raster formats. The result
is a fresh 256x256 WebP, which drops metadata (EXIF, GPS) and any payload
hidden in the original (HTML or script polyglots).
"""

import io
import warnings

from django.core.files.base import ContentFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

from accounts.errors import AccountsErrorCode
from webox.common.errors import ApplicationError

AVATAR_MAX_BYTES = 2 * 1024 * 1024
AVATAR_MAX_SIDE = 4096
AVATAR_SIZE = (256, 256)
AVATAR_FORMATS = {"JPEG", "PNG", "GIF", "WEBP"}


def _too_large_message() -> str:
    return _("The image must be at most %(side)s x %(side)s pixels.") % {"side": AVATAR_MAX_SIDE}


class InvalidAvatar(ApplicationError):
    """The uploaded file cannot be used as an avatar."""

    default_code = AccountsErrorCode.INVALID_AVATAR


def _check_size(upload) -> None:
    if upload.size is None or upload.size > AVATAR_MAX_BYTES:
        raise InvalidAvatar(_("The image must be 2 MB or smaller."))


def _open(upload) -> Image.Image:
    """Decode the upload, refusing unknown formats and images too large to decode safely."""
    upload.seek(0)
    data = upload.read(AVATAR_MAX_BYTES + 1)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            image = Image.open(io.BytesIO(data), formats=sorted(AVATAR_FORMATS))
            if image.width > AVATAR_MAX_SIDE or image.height > AVATAR_MAX_SIDE:
                raise InvalidAvatar(_too_large_message())
            image.load()
    except InvalidAvatar:
        raise
    except (Image.DecompressionBombError, Image.DecompressionBombWarning) as exc:
        raise InvalidAvatar(_too_large_message()) from exc
    except UnidentifiedImageError as exc:
        raise InvalidAvatar(_("Upload a valid image (JPEG, PNG, GIF or WebP).")) from exc
    except (OSError, ValueError, SyntaxError) as exc:
        raise InvalidAvatar(_("The image is damaged and cannot be read.")) from exc
    return image


def _to_square_webp(image: Image.Image) -> bytes:
    image = ImageOps.exif_transpose(image)
    image = image.convert("RGBA" if image.mode in {"RGBA", "LA", "P", "PA"} else "RGB")
    image = ImageOps.fit(image, AVATAR_SIZE, method=Image.Resampling.LANCZOS)
    output = io.BytesIO()
    image.save(output, format="WEBP", quality=85, method=4)
    return output.getvalue()


def avatar_render(upload) -> ContentFile:
    """Return the upload re-encoded as a 256x256 WebP, or raise ``InvalidAvatar``."""
    _check_size(upload)
    image = _open(upload)
    return ContentFile(_to_square_webp(image), name="avatar.webp")
