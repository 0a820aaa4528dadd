"""
The two signed strings of a dispatch, both made with :mod:`django.core.signing` and the
dispatch's own secret (never the site's ``SECRET_KEY``, never in a package).

* The **package key** goes into the exported package. It names the dispatch and nothing else; a
  launcher presents it, with the LMS's learner id, to ask for a launch token. It stops working
  when the dispatch is made inactive.
* The **launch token** names the dispatch, the LMS, and the LMS's learner id (and name, shown on
  certificates). It expires after ``SCORM_LAUNCH_TOKEN_MAX_AGE`` seconds. It opens the module
  for that learner (:func:`scorm.services.launch`) and reads their status back.

A token reads ``<dispatch uuid hex>.<signed payload>`` so the right secret can be found before
the signature is checked; the uuid alone grants nothing.
"""

import re

from django.conf import settings
from django.core import signing
from django.utils.translation import gettext as _

from scorm.models import Dispatch

__all__ = [
    "BadToken",
    "LaunchClaims",
    "make_launch_token",
    "make_package_key",
    "read_launch_token",
    "read_package_key",
]

PACKAGE_SALT = "scorm.package"
LAUNCH_SALT = "scorm.launch"
MAX_LEARNER_ID = 255
MAX_NAME = 150
UUID_HEX = re.compile(r"^[0-9a-f]{32}$")


class BadToken(Exception):
    """A key or token this platform will not honour; ``str(error)`` is for the learner."""


class LaunchClaims:
    """What a valid launch token says: the dispatch, the LMS learner id and name."""

    def __init__(self, dispatch, learner_id, name):
        self.dispatch = dispatch
        self.learner_id = learner_id
        self.name = name


def max_age():
    return getattr(settings, "SCORM_LAUNCH_TOKEN_MAX_AGE", 6 * 60 * 60)


def make_package_key(dispatch):
    signed = signing.dumps(dispatch.uuid.hex, key=dispatch.secret, salt=PACKAGE_SALT)
    return f"{dispatch.uuid.hex}.{signed}"


def make_launch_token(dispatch, *, learner_id, name=""):
    learner_id, name = clean_learner(learner_id, name)
    payload = {"lms": dispatch.lms_name, "learner": learner_id, "name": name}
    signed = signing.dumps(payload, key=dispatch.secret, salt=LAUNCH_SALT)
    return f"{dispatch.uuid.hex}.{signed}"


def clean_learner(learner_id, name):
    learner_id = (learner_id or "").strip()
    if not learner_id or len(learner_id) > MAX_LEARNER_ID:
        raise BadToken(_("The LMS did not give a learner id this platform can use."))
    return learner_id, (name or "").strip()[:MAX_NAME]


def _dispatch_for(token):
    dispatch_hex, dot, signed = (token or "").partition(".")
    if not dot or not UUID_HEX.match(dispatch_hex):
        raise BadToken(_("This launch link is not valid. Open the module again from your LMS."))
    try:
        dispatch = Dispatch.objects.select_related("module").get(uuid=dispatch_hex)
    except Dispatch.DoesNotExist:
        raise BadToken(
            _("This launch link is not valid. Open the module again from your LMS.")
        ) from None
    return dispatch, signed


def _check_active(dispatch):
    if not dispatch.active:
        raise BadToken(
            _("This training is no longer offered to your LMS. Ask your LMS administrator.")
        )


def read_package_key(key):
    """The active dispatch a package key names, or :class:`BadToken`."""
    dispatch, signed = _dispatch_for(key)
    try:
        value = signing.loads(signed, key=dispatch.secret, salt=PACKAGE_SALT)
    except signing.BadSignature:
        raise BadToken(_("This package is not valid. Ask for a new one.")) from None
    if value != dispatch.uuid.hex:
        raise BadToken(_("This package is not valid. Ask for a new one."))
    _check_active(dispatch)
    return dispatch


def read_launch_token(token):
    """The :class:`LaunchClaims` of a valid, unexpired token, or :class:`BadToken`."""
    dispatch, signed = _dispatch_for(token)
    try:
        payload = signing.loads(signed, key=dispatch.secret, salt=LAUNCH_SALT, max_age=max_age())
    except signing.SignatureExpired:
        raise BadToken(
            _("This launch link has expired. Open the module again from your LMS.")
        ) from None
    except signing.BadSignature:
        raise BadToken(
            _("This launch link is not valid. Open the module again from your LMS.")
        ) from None
    _check_active(dispatch)
    if not isinstance(payload, dict) or payload.get("lms") != dispatch.lms_name:
        raise BadToken(_("This launch link is not valid. Open the module again from your LMS."))
    learner_id, name = clean_learner(payload.get("learner"), payload.get("name"))
    return LaunchClaims(dispatch, learner_id, name)
