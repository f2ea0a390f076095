"""Text helpers of the ad builder: what an ad talks about, JSON found in a model's answer, cutting at a word,
and copy derived from a product or a brief when the model wrote no usable JSON (the demo, for one)."""

import json
import re
from dataclasses import dataclass
from typing import Any

FENCED = re.compile(r"```(?:json)?\s*(.+?)```", re.DOTALL | re.IGNORECASE)
SENTENCE_END = re.compile(r"(?<=[.!?…])\s+")
HEADLINE_POOL = (
    "À découvrir dès maintenant",
    "Pensé pour vous",
    "Simple et efficace",
    "Faites le bon choix",
    "Le choix malin",
    "Essayez sans attendre",
    "Fait pour durer",
)
CLOSING_POOL = (
    "Découvrez-le dès maintenant.",
    "À vous de jouer.",
    "Laissez-vous tenter.",
    "Faites le bon choix aujourd'hui.",
    "Essayez sans attendre.",
)


@dataclass(frozen=True)
class AdSource:
    """A product (name, description, price, address) or a free brief."""

    name: str = ""
    description: str = ""
    price: str = ""
    url: str = ""
    brief: str = ""

    def describe(self) -> str:
        """Return the lines that tell the model what to advertise."""
        if self.brief:
            return f"Brief : {self.brief}"
        lines = [f"Produit : {self.name}", f"Description : {self.description}" if self.description else ""]
        lines += [f"Prix : {self.price}" if self.price else "", f"Adresse : {self.url}" if self.url else ""]
        return "\n".join(line for line in lines if line)

    def image_prompt(self) -> str:
        subject = self.name or self.brief
        return f"Visuel publicitaire, lumineux et épuré : {subject}"[:400]

    @property
    def key(self) -> str:
        """Return the name, or the brief's first words."""
        return self.name or " ".join(self.brief.split()[:6])


def json_found(text: str) -> Any:
    """Return the first JSON object or array in ``text`` (inside a code fence or among other words), or None."""
    candidates = [match.group(1) for match in FENCED.finditer(text)] + [text]
    decoder = json.JSONDecoder()
    for candidate in candidates:
        for start, char in enumerate(candidate):
            if char not in "[{":
                continue
            try:
                return decoder.raw_decode(candidate[start:])[0]
            except ValueError:
                continue
    return None


def trim(text: str, limit: int, *, ellipsis: bool = False) -> str:
    """Return ``text`` cut to ``limit`` characters at a word boundary (ending with ``…`` when ``ellipsis``)."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    room = limit - 1 if ellipsis else limit
    cut = text[:room]
    if text[room] != " " and " " in cut:
        cut = cut.rsplit(" ", 1)[0]
    cut = cut.rstrip(" ,;:\u2014\u2013-") or text[:room]
    return f"{cut}…" if ellipsis else cut


def _rotated(items: tuple[str, ...], number: int) -> list[str]:
    shift = (number - 1) % len(items)
    return list(items[shift:] + items[:shift])


def _sentences(source: AdSource) -> list[str]:
    text = source.description or source.brief
    return [sentence for sentence in SENTENCE_END.split(text) if sentence.strip()]


def derived_variant(source: AdSource, number: int, *, limits: dict[str, int]) -> dict[str, Any]:
    """Return variant ``number``'s copy made from ``source`` alone, every text within ``limits``."""
    headline_limit = limits["headlines"]
    headlines = [source.key, f"{source.key} à {source.price}" if source.price else "", *_rotated(HEADLINE_POOL, number)]
    headlines = [trim(text, headline_limit) for text in headlines if text]
    sentences = _rotated(tuple(_sentences(source)) or (source.key,), number)
    closing = _rotated(CLOSING_POOL, number)
    description_limit = limits.get("descriptions", 90)
    descriptions = [
        trim(f"{sentences[0]} {closing[0]}", description_limit),
        trim(f"{source.key}. {closing[1]}", description_limit),
    ]
    primary = trim(" ".join([*sentences, closing[0]]), limits.get("primary_text", 125), ellipsis=True)
    return {
        "headlines": list(dict.fromkeys(text for text in headlines if text)),
        "descriptions": list(dict.fromkeys(descriptions)),
        "primary_text": primary,
    }
