"""
Shared content that every module draws on.

``content`` sits at the bottom of the app layers: it imports only Django and Wagtail. It owns the
site-wide training settings (organisation name, who the anti-trafficking lead is), the help
contacts shown on every page, and the vocabulary of trafficking indicators (the seven
spot-the-signs categories and the forms of exploitation) used by lessons, questions and scenarios.
Its ``demo`` package is the exception: it loads the default training content and may import
every app (see DESIGN.md).
"""
