"""The site's URLs plus a bare view, the floor the report timings are compared with."""

from django.http import HttpResponse
from django.template import engines
from django.urls import include, path

from benchmarks.reports import BASELINE_TEMPLATE

_template = engines["django"].from_string(BASELINE_TEMPLATE)


def baseline(request):
    """A bare Django view rendering a small template: no database, no admin chrome."""
    context = {"title": "Baseline", "items": [f"Item {n}" for n in range(20)]}
    return HttpResponse(_template.render(context, request))


urlpatterns = [
    path("bench/baseline/", baseline),
    path("", include("elearning.urls")),
]
