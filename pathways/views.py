"""
The learner's referral pathway quick reference (``/referral-pathway/``).

One calm page with every live pathway (adults first) and its steps in order: what to do, what not
to do, who does it and whom to contact, with urgent steps marked in words. It is built to be kept
open on a phone and to print cleanly on A4; trainers see the same template when they preview a
pathway in the admin (``ReferralPathway.get_preview_template``).
"""

from django.contrib.auth.decorators import login_required
from django.shortcuts import render
from django.views.decorators.cache import never_cache

from pathways.models import ReferralPathway


@never_cache
@login_required
def referral_pathway(request):
    """Every live pathway in the learner's language, with its steps, in two queries."""
    return render(
        request,
        "pathways/referral_pathway.html",
        {"pathways": ReferralPathway.objects.for_quick_reference()},
    )
