"""The demo content: French catalogue, blog posts and a bilingual FAQ."""

from .catalogue_a import HIGH_TECH, MAISON, MODE, SPORT
from .catalogue_b import BEAUTE, CREDITS_IA, JEUX, LIVRES

CATEGORIES = (MAISON, MODE, HIGH_TECH, SPORT, BEAUTE, LIVRES, JEUX, CREDITS_IA)

__all__ = ["CATEGORIES"]
