"""Moved to :mod:`ui.identity` (the case view and the decision editor both show the band)."""

from ui.identity import LOGO_HEIGHT, IdentityBand, keep_logos, municipality_logo

__all__ = ["LOGO_HEIGHT", "IdentityBand", "keep_logos", "municipality_logo"]
