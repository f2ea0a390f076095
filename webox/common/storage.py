"""Private files: stored like media but never given a public URL (digital goods, generated documents).

``STORAGES["private"]`` picks the backend (a local folder by default, a private
object-storage bucket in a larger deployment); views serve these files only
after checking who asks.
"""

from django.conf import settings
from django.core.files.storage import FileSystemStorage, storages
from django.utils.functional import cached_property


class PrivateFileSystemStorage(FileSystemStorage):
    """A folder outside ``MEDIA_ROOT`` (``PRIVATE_MEDIA_ROOT``) with no base URL."""

    def __init__(self, location=None, **kwargs):
        kwargs["base_url"] = None
        super().__init__(location=location, **kwargs)

    @cached_property
    def base_location(self):
        return self._value_or_setting(self._location, settings.PRIVATE_MEDIA_ROOT)

    def _clear_cached_properties(self, setting, **kwargs):
        super()._clear_cached_properties(setting, **kwargs)
        if setting == "PRIVATE_MEDIA_ROOT":
            self.__dict__.pop("base_location", None)
            self.__dict__.pop("location", None)

    def url(self, name):
        raise ValueError("private files have no public URL")


def private_storage():
    """Return the storage of private files (a callable, so models do not freeze it at import time)."""
    return storages["private"]
