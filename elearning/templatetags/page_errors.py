"""
Does this page report an error? Base templates ask, to start the page title with "Error: ".

A screen reader announces the title first after a form is posted back, so a learner hears that
something needs correcting before anything else. A page reports an error when a bound form in its
context has errors, or when an error message (``django.contrib.messages``) is shown on it.
"""

from django import forms, template
from django.contrib.messages import constants

register = template.Library()


@register.simple_tag(takes_context=True)
def page_has_errors(context):
    """True when a form in the context has errors or an error message is being shown."""
    for value in context.flatten().values():
        if isinstance(value, forms.BaseForm) and value.is_bound and value.errors:
            return True
        if isinstance(value, forms.BaseFormSet) and value.is_bound and value.total_error_count():
            return True
    # Listing the messages here does not use them up: the page shows them further down.
    return any(message.level >= constants.ERROR for message in context.get("messages") or ())
