"""HTML pages of the AI studio, one module per tool; ``urls.py`` names them here."""

from .common import index, result_download

__all__ = ["index", "result_download"]
