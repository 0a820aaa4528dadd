"""
Learner and public views of certificates.

* ``/certificates/`` – the signed-in learner's own certificates, current and past.
* ``/certificates/<code>/pdf/`` – the PDF, for its holder and for training managers only;
  everyone else gets 404, the same answer as for a code that does not exist. The PDF is drawn
  by the task worker (:mod:`certificates.documents`) and served from storage; while it is being
  drawn the answer is ``202 Accepted`` with ``Retry-After`` and a page that says so.
* ``/certificates/verify/`` – a form to type a code; ``/certificates/verify/<code>/`` – the
  public answer, with no sign-in: valid, expiring soon, expired, revoked or replaced, the name as
  issued, the module and the dates, whether it replaced an earlier certificate (and when), and
  nothing else about the learner. Lookups are rate limited
  per client so that codes cannot be enumerated.
"""

from django import forms
from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.core.files.storage import default_storage
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache

from certificates.documents import request_drawing
from certificates.languages import language_for
from certificates.models import Certificate, CertificateDocument, CertificateStatus
from certificates.models.certificates import normalise_code
from elearning.ratelimit import client_ip, hit, too_many_requests

DOWNLOAD_ANY_PERMISSION = "certificates.download_any_certificate"
#: Seconds a browser waits before asking again for a PDF that is being drawn.
PREPARING_RETRY_AFTER_SECONDS = 10


def verify_rate_limit():
    """(lookups, seconds) allowed per client; ``CERTIFICATE_VERIFY_RATE_LIMIT`` overrides."""
    return getattr(settings, "CERTIFICATE_VERIFY_RATE_LIMIT", (20, 600))


class VerifyForm(forms.Form):
    code = forms.CharField(
        label=_("Certificate code"),
        max_length=64,
        help_text=_(
            "The 10-character code such as 7KQ2M-X9D4T, or the long code under it. "
            "Capital or small letters, with or without the dash."
        ),
        widget=forms.TextInput(
            attrs={"autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false"}
        ),
    )

    def clean_code(self):
        normalised = normalise_code(self.cleaned_data["code"])
        if normalised is None:
            raise forms.ValidationError(
                _("That does not look like a certificate code. Check it and try again.")
            )
        return normalised


def _lookup(normalised):
    if normalised is None:
        return None
    kind, value = normalised
    field = "code" if kind == "code" else "short_code"
    return (
        Certificate.objects.select_related("replaced_by", "replaces")
        .only(
            "code",
            "short_code",
            "learner_name",
            "module_title",
            "issued_at",
            "expires_on",
            "revoked_at",
            "revocation_reason",
            "replaced_by__code",
            "replaced_by__short_code",
            "replaces__revoked_at",
        )
        .filter(**{field: value})
        .first()
    )


def _limited(request):
    limit, window = verify_rate_limit()
    result = hit(f"certificates:verify:{client_ip(request)}", limit=limit, window=window)
    if result.allowed:
        return None
    return too_many_requests(request, result, "certificates/verify_limited.html")


@never_cache
def verify(request):
    """The form. A submitted code is looked up on its own page, so the result can be linked."""
    form = VerifyForm(request.GET or None)
    if request.GET and form.is_valid():
        kind, value = form.cleaned_data["code"]
        return redirect("certificate_verify_result", code=value)
    if request.GET and not form.is_valid():
        limited = _limited(request)  # bad guesses count too
        if limited is not None:
            return limited
    return render(request, "certificates/verify.html", {"form": form})


@never_cache
def verify_result(request, code):
    limited = _limited(request)
    if limited is not None:
        return limited
    certificate = _lookup(normalise_code(code))
    if certificate is None:
        return render(
            request,
            "certificates/verify_unknown.html",
            {"form": VerifyForm(), "code": code[:64]},
            status=404,
        )
    status = certificate.status()
    response = render(
        request,
        "certificates/verify_result.html",
        {"certificate": certificate, "status": status, "statuses": CertificateStatus},
    )
    response["X-Robots-Tag"] = "noindex, nofollow"
    return response


@never_cache
@login_required
def certificate_list(request):
    certificates = list(Certificate.objects.filter(user=request.user).select_related("replaced_by"))
    today = timezone.localdate()
    rows = [(certificate, certificate.status(today)) for certificate in certificates]
    return render(
        request,
        "certificates/certificate_list.html",
        {
            "current": [row for row in rows if row[1].counts],
            "past": [row for row in rows if not row[1].counts],
        },
    )


@never_cache
@login_required
def download(request, code):
    """The PDF: its holder or a training manager; anyone else, 404."""
    normalised = normalise_code(code)
    if normalised is None or normalised[0] != "code":
        raise Http404
    certificate = Certificate.objects.filter(code=normalised[1]).first()
    if certificate is None or (
        certificate.user_id != request.user.pk
        and not request.user.has_perm(DOWNLOAD_ANY_PERMISSION)
    ):
        raise Http404
    language = language_for(certificate.user)
    document = CertificateDocument.objects.filter(certificate=certificate).first()
    pdf = _stored_bytes(document, language)
    if pdf is None:
        # Where tasks run at once this draws it now; with a worker it is queued.
        missing = document is not None and document.is_current(language)
        document = request_drawing(certificate, document, file_missing=missing)
        pdf = _stored_bytes(document, language)
    if pdf is None:
        return _being_prepared(request, certificate)
    response = HttpResponse(pdf, content_type="application/pdf")
    filename = f"certificate-{certificate.short_code}.pdf"
    disposition = "inline" if request.GET.get("view") else "attachment"
    response["Content-Disposition"] = f'{disposition}; filename="{filename}"'
    response["X-Robots-Tag"] = "noindex"
    return response


def _stored_bytes(document, language):
    """The stored PDF's bytes, or None when there is no current one (or its file is missing).

    Read whole rather than streamed: a certificate is some tens of kilobytes, and the storage
    connection (the S3 bucket) is then not held open while a slow phone downloads it.
    """
    if document is None or not document.is_current(language):
        return None
    try:
        with default_storage.open(document.file.name, "rb") as handle:
            return handle.read()
    except FileNotFoundError:
        return None


def _being_prepared(request, certificate):
    """``202 Accepted``: the drawing is queued; the page asks to try again in a minute.

    Not ``503``: nothing is unavailable, the request was accepted and its work is under way, and
    a 503 would count as an outage in the monitoring and the load balancer's health checks.
    ``Retry-After`` and a meta refresh bring the browser back without JavaScript.
    """
    response = render(
        request,
        "certificates/pdf_being_prepared.html",
        {"certificate": certificate, "retry_after": PREPARING_RETRY_AFTER_SECONDS},
        status=202,
    )
    response["Retry-After"] = str(PREPARING_RETRY_AFTER_SECONDS)
    response["X-Robots-Tag"] = "noindex"
    return response
