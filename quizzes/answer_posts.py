"""
What a posted answer may look like, and what a repeated one means.

A question page posts a small form: the answer fields of its question type, the page's
``saved_version``, the ``action`` button and the CSRF token. Anything else is not an answer, so
:func:`refuse_odd_post` answers 400, before anything is read into the form or stored, to

* a body larger than its fields could need, checked before it is read, or one that carries a
  file (no question takes one; a multipart body of plain fields is a form like any other);
* a field the question's form does not have (a thousand junk fields, say);
* a field sent more than once: one value per field, and for multiple-choice answers each option
  at most once (997 copies of one option are not an answer).

:func:`already_saved` tells a double click from an edit in another tab: when the page posted is
out of date only because this very answer was just saved (the first click), the second click is
answered "already saved" rather than "changed in another tab".

Both are called from the quiz page's question view (``modules/page_views/quiz.py``).
"""

from django.http import HttpResponseBadRequest
from django.utils.translation import gettext as _

__all__ = ["EXTRA_FIELDS", "MAX_BODY_BYTES", "already_saved", "refuse_odd_post"]

#: Fields every question page posts besides the answer.
EXTRA_FIELDS = frozenset({"csrfmiddlewaretoken", "saved_version", "action"})

#: Every field a scenario stage's form may have (``quizzes.scenario_forms``), and whether it
#: takes several values.
SCENARIO_STAGE_FIELDS = {"stage": False, "signs": True, "option": False}

#: The largest answer body besides its text answers (see ``_body_limit``).
MAX_BODY_BYTES = 64 * 1024


def _refusal(message):
    return HttpResponseBadRequest(message, content_type="text/plain; charset=utf-8")


def refuse_odd_post(request, form):
    """A 400 response when ``request`` posts anything but ``form``'s fields once; else None.

    ``form`` is the question's (unbound) answer form; only its field names are used.
    """
    try:
        length = int(request.META.get("CONTENT_LENGTH") or 0)
    except ValueError:
        return _refusal(_("This answer could not be read."))
    if length > _body_limit(form):
        return _refusal(_("This answer is too long to be saved."))
    if request.content_type.startswith("multipart/") and request.FILES:
        return _refusal(_("Answers are sent as a plain form, without files."))
    many = {name: _takes_many(field) for name, field in form.fields.items()}
    if form.snapshot.get("type") == "scenario":
        # A page of an earlier stage may post that stage's fields: the form says it is out of
        # date, a friendlier answer than 400.
        many = {**SCENARIO_STAGE_FIELDS, **many}
    for name, values in request.POST.lists():
        if name not in many and name not in EXTRA_FIELDS:
            return _refusal(_("This form does not have the field %(name)s.") % {"name": name[:50]})
        if len(values) != len(set(values)) or (len(values) > 1 and not many.get(name)):
            return _refusal(_("Each answer can be sent only once."))
    return None


def _body_limit(form):
    """:data:`MAX_BODY_BYTES`, plus room for each text field's longest answer, percent-encoded
    (up to 9 bytes a character: a trainer may allow long free-text answers)."""
    longest = sum(getattr(field, "max_length", None) or 0 for field in form.fields.values())
    return MAX_BODY_BYTES + 9 * longest


def _takes_many(field):
    return bool(getattr(field.widget, "allow_multiple_selected", False))


def already_saved(attempt, position, response):
    """True when the answer saved at ``position`` is exactly ``response`` (a double click)."""
    saved = attempt.responses.filter(position=position).values_list("response", flat=True)
    return any(stored == response for stored in saved)
