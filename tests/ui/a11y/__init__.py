"""The accessibility audit: checks (``checks``) over every screen of the app (``screens.SCREENS``)."""
