"""Forms of the Learners admin: the profile, the CSV upload, the erasure confirmation and the
exclusion from report counts."""

from django import forms
from django.conf import settings
from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms import WagtailAdminModelForm

from learners.importing import max_rows, max_upload_bytes
from learners.models import ExclusionReason, LearnerProfile
from learners.roles import IMPORTABLE_ROLES, Role


class LearnerProfileForm(WagtailAdminModelForm):
    """The profile as a training manager edits it; saved by ``services.update_profile``.

    Managers choose among learner roles only; giving or taking away admin access (trainer,
    training manager) is an administrator's job.
    """

    role = forms.ChoiceField(label=_("Role"), choices=())
    preferred_language = forms.ChoiceField(label=_("Preferred language"), choices=())

    class Meta:
        model = LearnerProfile
        fields = ["display_name", "region", "team", "role", "preferred_language"]

    def __init__(self, *args, for_user=None, **kwargs):
        super().__init__(*args, for_user=for_user, **kwargs)
        roles = Role if for_user is not None and for_user.is_superuser else IMPORTABLE_ROLES
        self.fields["role"].choices = [(role.value, role.label) for role in roles]
        self.fields["preferred_language"].choices = settings.LANGUAGES


class ImportUploadForm(forms.Form):
    file = forms.FileField(
        label=_("CSV file"),
        help_text=_(
            "Columns: name, email, region, role (team is optional). Roles: Volunteer, Staff "
            "member or Caseworker. Save from your spreadsheet as 'CSV UTF-8'."
        ),
        widget=forms.ClearableFileInput(attrs={"accept": ".csv,text/csv"}),
    )

    def clean_file(self):
        upload = self.cleaned_data["file"]
        limit = max_upload_bytes()
        if upload.size > limit:
            raise forms.ValidationError(
                _("The file is larger than %(size)d KB. Split it into smaller files.")
                % {"size": limit // 1024}
            )
        return upload

    @property
    def row_limit(self):
        return max_rows()


class ApplyImportForm(forms.Form):
    send_invitations = forms.BooleanField(
        label=_("Email each new learner an invitation to choose a password"),
        required=False,
        initial=True,
    )


class EraseConfirmForm(forms.Form):
    """Erasure cannot be undone: the manager types the learner's username to confirm."""

    confirmation = forms.CharField(label=_("Type the learner's username to confirm"))

    def __init__(self, *args, username, **kwargs):
        self.username = username
        super().__init__(*args, **kwargs)

    def clean_confirmation(self):
        typed = self.cleaned_data["confirmation"].strip()
        if typed != self.username:
            raise forms.ValidationError(
                _("That is not this learner's username; nothing has been erased.")
            )
        return typed


class ExclusionForm(forms.Form):
    """Why a learner should not be counted in the compliance and completion reports."""

    reason = forms.ChoiceField(
        label=_("Reason"),
        choices=[("", _("Choose a reason")), *ExclusionReason.choices],
    )
    note = forms.CharField(
        label=_("Note (optional)"),
        max_length=255,
        required=False,
        help_text=_("For other managers, e.g. 'back in September'. No health details."),
    )
