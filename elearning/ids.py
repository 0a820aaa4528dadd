"""
Database ids that arrive from outside (in a URL or a filter), bounded before any query sees them.

A 20-digit number is a valid Python int but no database integer: SQLite raises ``OverflowError``
and PostgreSQL ``DataError``, which Django's ``get_object_or_404`` and ``ModelChoiceField`` do not
catch, so a request with such an id answered 500. Words and null bytes where a form or a view
expects a number fail the same way. Ids are therefore checked where they enter:

* :class:`IdConverter`, registered as ``<id:...>`` (``elearning.apps``): 1 to 18 digits, so
  anything larger (or negative, or not a number) is simply not a route: 404.
* :class:`IdModelChoiceField` and :class:`IdModelChoiceFilter`: a filter or form field naming an
  object by id refuses anything that is not such an id as an invalid choice, before the lookup.
* :class:`IdChooserMixin`: a Wagtail chooser whose ``chosen/<pk>/`` takes ids only (Wagtail's
  takes any text there). Wagtail's own choosers (images, documents, snippets) get the same through a
  guard route in ``elearning/urls.py``.

18 digits stay below the largest ``bigint`` (9,223,372,036,854,775,807, 19 digits).
"""

import django_filters
from django import forms
from django.core.exceptions import ValidationError
from django.urls import path

__all__ = [
    "MAX_ID_DIGITS",
    "IdChooserMixin",
    "IdConverter",
    "IdModelChoiceField",
    "IdModelChoiceFilter",
    "WAGTAIL_CHOSEN_NOT_AN_ID",
    "is_id",
]

MAX_ID_DIGITS = 18

#: The ``chosen/<pk>/`` URLs of Wagtail's own choosers (images, documents and every snippet's)
#: with anything but an id in them: ``elearning/urls.py`` answers those "not found" before
#: Wagtail sees them. Every model they choose here has an integer key.
WAGTAIL_CHOSEN_NOT_AN_ID = (
    r"^admin/(?:images/chooser|documents/chooser|snippets/choose/[^/]+/[^/]+)/chosen/"
    rf"(?![0-9]{{1,{MAX_ID_DIGITS}}}/$)[^/]*/$"
)


def is_id(value):
    """True when ``value`` (text or int) could be a database id: 1 to 18 ASCII digits."""
    text = str(value)
    return text.isascii() and text.isdigit() and len(text) <= MAX_ID_DIGITS


class IdConverter:
    """The ``<id:name>`` path converter: a positive id of at most 18 digits, as an int."""

    regex = f"[0-9]{{1,{MAX_ID_DIGITS}}}"

    def to_python(self, value):
        return int(value)

    def to_url(self, value):
        return str(int(value))


class IdModelChoiceField(forms.ModelChoiceField):
    """A model choice by primary key that refuses values no id could have, without a query."""

    def to_python(self, value):
        if value in self.empty_values or isinstance(value, self.queryset.model):
            return super().to_python(value)
        if self.to_field_name is None and not is_id(value):
            raise ValidationError(
                self.error_messages["invalid_choice"],
                code="invalid_choice",
                params={"value": value},
            )
        return super().to_python(value)


class IdModelChoiceFilter(django_filters.ModelChoiceFilter):
    """django-filter's model choice filter with :class:`IdModelChoiceField`."""

    field_class = IdModelChoiceField


class IdChooserMixin:
    """For a ``ChooserViewSet`` of a model with an integer key: ``chosen/<id:pk>/``."""

    def get_urlpatterns(self):
        return [
            path("chosen/<id:pk>/", self.chosen_view, name="chosen")
            if getattr(pattern, "name", None) == "chosen"
            else pattern
            for pattern in super().get_urlpatterns()
        ]
