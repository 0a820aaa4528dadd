"""
The learner's referral pathway quick reference (``/referral-pathway/``), its one-page print per
pathway (``/referral-pathway/<key>/print/``) and its wallet card (``.../wallet-card.pdf``).

One calm page with every live pathway (adults first) and its steps in order: what to do, what not
to do, who does it and whom to contact, with urgent steps marked in words. It is built to be kept
open on a phone and to print cleanly on A4; trainers see the same template when they preview a
pathway in the admin (``ReferralPathway.get_preview_template``). On a phone each step is folded
(``<details>``), so the 999 line and the first action show at once; every phone number is a
tap-to-call link (:mod:`pathways.phone_links`). These pages may be kept for use without signal
(:mod:`elearning.offline`).
"""

from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from elearning.offline import allow_offline
from pathways.models import ReferralPathway, TrainingSettings
from pathways.templatetags.pathways_tags import help_contacts
from pathways.wallet_card import stored_wallet_card


@never_cache
@login_required
def referral_pathway(request):
    """Every live pathway in the learner's language, with its steps, in two queries."""
    return allow_offline(
        render(
            request,
            "pathways/referral_pathway.html",
            {"pathways": ReferralPathway.objects.for_quick_reference()},
        )
    )


def _live_pathway(key):
    """The live pathway ``key`` as learners read it (their language, else the default), or 404."""
    for pathway in ReferralPathway.objects.for_quick_reference():
        if pathway.key == key:
            return pathway
    raise Http404


@never_cache
@login_required
def referral_pathway_print(request, key):
    """One pathway on one A4 page: every step open, set in two columns for paper."""
    return allow_offline(
        render(request, "pathways/pathway_print.html", {"pathway": _live_pathway(key)})
    )


@never_cache
@login_required
def referral_pathway_wallet_card(request, key):
    """The pathway's wallet card as a PDF download, drawn once per version
    (:mod:`pathways.wallet_card`)."""
    pathway = _live_pathway(key)
    training = TrainingSettings.for_request(request)
    pdf = stored_wallet_card(
        pathway,
        help_contacts(),
        lead_role=training.lead_role_name,
        lead_contact=training.lead_contact,
    )
    response = HttpResponse(pdf, content_type="application/pdf")
    response["Content-Disposition"] = f'attachment; filename="wallet-card-{pathway.key}.pdf"'
    return response
