"""
The audit log: who did what to whose personal data, and when, in Wagtail's log of actions.

A data-protection officer asks who exported learners' data, who erased whom, who revoked or
reissued a certificate (and changed which name to which), who changed a learner's role and who
arranged extra time. Each of those writes one entry through :func:`record`, which is Wagtail's
``log()`` (a ``ModelLogEntry``: the account that acted, the moment, the action, the object and
a small JSON ``data``). The entries show in the admin under Reports → Site history, and on each
object's history; administrators see every entry, training managers those about learners,
certificates and extra time (Wagtail shows an entry to whoever holds a permission on its model).

The actions (labels registered in ``elearning/wagtail_hooks.py``):

- ``protect.export_learner``: a learner's data downloaded as JSON (admin or command);
- ``protect.export_records``: a spreadsheet of learners' records exported (each report, the
  certificates listing); the object is the account that exported, ``data`` names the export,
  its format and filters;
- ``protect.erase_learner``: a learner's personal data erased;
- ``protect.revoke_certificate``: a certificate revoked (``data``: reason and code);
- ``protect.reissue_certificate``: a certificate reissued with a new name, on both certificates
  (``data``: old and new name, reason, the codes of both);
- ``protect.change_role``: a learner's role changed in the learner admin (``data``: from, to);
- ``protect.exclude_from_reports`` / ``protect.include_in_reports``: a learner left out of the
  compliance and completion counts (``data``: reason and note), or counted again;
- ``protect.update_account``: a learner changed their own settings on ``/my-account/``
  (``data``: the names of the fields changed); ``protect.change_email``: their email address;
  ``protect.two_factor_off``: they turned their own two-factor sign-in off;
- ``protect.retry_task`` / ``protect.discard_task``: a failed background task queued again or
  given up on the admin's "Failed tasks" page (``data``: the task, its last attempt);
- ``wagtail.create`` / ``wagtail.edit`` / ``wagtail.delete`` on extra time: access
  arrangements, logged by Wagtail's own views.

Entries outlive the learner: erasing a learner keeps every entry about them, and replaces the
names they carry (labels, old and new names) by "Erased learner" (:func:`forget_names`).
"""

from django.contrib.contenttypes.models import ContentType
from django.utils.functional import LazyObject, empty
from wagtail.log_actions import log
from wagtail.models import ModelLogEntry

__all__ = ["ACTIONS", "ERASED_NAME", "forget_names", "record"]

ERASED_NAME = "Erased learner"

#: Action codes and their labels, as Wagtail lists them.
ACTIONS = {
    "protect.export_learner": "Export a learner's data",
    "protect.export_records": "Export learners' records",
    "protect.erase_learner": "Erase a learner's personal data",
    "protect.revoke_certificate": "Revoke a certificate",
    "protect.reissue_certificate": "Reissue a certificate",
    "protect.change_role": "Change a learner's role",
    "protect.exclude_from_reports": "Exclude a learner from report counts",
    "protect.include_in_reports": "Count a learner in reports again",
    "protect.update_account": "Change one's own account settings",
    "protect.change_email": "Change one's own email address",
    "protect.two_factor_off": "Turn one's own two-factor sign-in off",
    "protect.retry_task": "Retry a failed background task",
    "protect.discard_task": "Discard a failed background task",
}

#: Keys of an entry's ``data`` that may hold a learner's name.
NAME_KEYS = ("old_name", "new_name", "name")


def _unwrapped(value):
    # request.user is a lazy object, twice over with django-otp; Wagtail looks up the log
    # model by type, which must be the model's.
    while isinstance(value, LazyObject):
        if value._wrapped is empty:
            value._setup()
        value = value._wrapped
    return value


def record(instance, action, *, user=None, data=None, label=None):
    """Write one audit entry about ``instance`` (``user`` acted; ``data`` says what)."""
    kwargs = {"data": data or {}}
    if label is not None:
        kwargs["title"] = label
    return log(instance=_unwrapped(instance), action=action, user=_unwrapped(user), **kwargs)


def forget_names(instances, *, label=ERASED_NAME):
    """Keep the entries about ``instances`` but remove the learner's names from them."""
    for model_instance in instances:
        content_type = ContentType.objects.get_for_model(model_instance, for_concrete_model=False)
        entries = ModelLogEntry.objects.filter(
            content_type=content_type, object_id=str(model_instance.pk)
        )
        for entry in entries:
            entry.label = f"{label} ({model_instance._meta.verbose_name} {model_instance.pk})"
            data = dict(entry.data or {})
            for key in NAME_KEYS:
                if key in data:
                    data[key] = label
            entry.data = data
            entry.save(update_fields=["label", "data"])
