"""A coarse name for the device behind a User-Agent ("Firefox · Linux").

Coarse on purpose: a browser update changes the full string, not the family, so
a login from the same browser stays the same device for the new-device alert.
"""

import re

_BROWSERS = [
    ("Edge", re.compile(r"Edg(e|A|iOS)?/")),
    ("Opera", re.compile(r"OPR/|Opera")),
    ("Samsung Internet", re.compile(r"SamsungBrowser/")),
    ("Firefox", re.compile(r"Firefox/|FxiOS/")),
    ("Chrome", re.compile(r"Chrome/|CriOS/|Chromium/")),
    ("Safari", re.compile(r"Safari/")),
    ("curl", re.compile(r"^curl/")),
    ("Python", re.compile(r"python-requests|python-httpx|Python-urllib")),
]
_SYSTEMS = [
    ("iOS", re.compile(r"iPhone|iPad|iPod")),
    ("Android", re.compile(r"Android")),
    ("Windows", re.compile(r"Windows")),
    ("ChromeOS", re.compile(r"CrOS")),
    ("macOS", re.compile(r"Macintosh|Mac OS X")),
    ("Linux", re.compile(r"Linux|X11")),
]


def _first_match(patterns: list[tuple[str, re.Pattern]], user_agent: str) -> str:
    return next((name for name, pattern in patterns if pattern.search(user_agent)), "")


def device_family(user_agent: str) -> str:
    """Return "Browser · System", one of the two, or "" when the User-Agent says nothing known."""
    browser = _first_match(_BROWSERS, user_agent or "")
    system = _first_match(_SYSTEMS, user_agent or "")
    if browser and system:
        return f"{browser} · {system}"
    return browser or system
