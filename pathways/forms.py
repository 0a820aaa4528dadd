"""
Admin forms for the referral pathway and the indicator library.

Wagtail builds each form from the panels in ``pathways/wagtail_hooks.py`` on top of these base
classes, which add what panels cannot express: that step keys are unique within a pathway (with
an error on the step itself), and that an indicator's forms of exploitation are ticked boxes.
"""

from django import forms
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from pathways.indicators import ExploitationType


class KeyUniqueInLocaleMixin:
    """
    An error on ``key`` when another object of the same language already uses it.

    The database constraint covers ``(key, locale)``, but the locale is not a form field, so
    Django's form validation skips that constraint and the trainer would get a server error.
    """

    def clean(self):
        cleaned_data = super().clean()
        key = cleaned_data.get("key")
        model = type(self.instance)
        if key and self.instance.locale_id:
            taken = model.objects.filter(locale_id=self.instance.locale_id, key=key)
            if taken.exclude(pk=self.instance.pk).exists():
                self.add_error(
                    "key",
                    _("Another %(model)s in this language already has the key “%(key)s”.")
                    % {"model": model._meta.verbose_name, "key": key},
                )
        return cleaned_data


class ReferralPathwayForm(KeyUniqueInLocaleMixin, WagtailAdminModelForm):
    """The pathway and its steps in one form; a step key may appear only once."""

    def clean(self):
        cleaned_data = super().clean()
        self._check_step_keys_are_unique()
        return cleaned_data

    def _check_step_keys_are_unique(self):
        # Runs before the formset's own uniqueness check, which would only say "Please correct
        # the duplicate values below" without naming the key.
        formset = self.formsets.get("steps")
        if formset is None:
            return
        seen = set()
        for form in formset.forms:
            if not form.is_valid() or form.cleaned_data.get("DELETE"):
                continue
            key = form.cleaned_data.get("key")
            if not key:
                continue
            if key in seen:
                form.add_error(
                    "key",
                    _(
                        "Another step in this pathway already has the key “%(key)s”. "
                        "Step keys must be unique within a pathway."
                    )
                    % {"key": key},
                )
            seen.add(key)


class IndicatorForm(KeyUniqueInLocaleMixin, WagtailAdminModelForm):
    """An indicator, with its forms of exploitation as checkboxes (stored as a JSON list)."""

    exploitation_types = forms.MultipleChoiceField(
        label=_("Forms of exploitation"),
        choices=ExploitationType.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("The forms of exploitation this sign is often seen with. Choose at least one."),
    )

    def clean_exploitation_types(self):
        chosen = set(self.cleaned_data["exploitation_types"])
        return [value for value in ExploitationType.values if value in chosen]
