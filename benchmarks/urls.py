"""The site's URLs plus a bare view, the floor the report timings are compared with."""

from django.http import HttpResponse
from django.template import engines
from django.urls import path

from benchmarks.reports import BASELINE_TEMPLATE
from elearning import urls as site_urls

_template = engines["django"].from_string(BASELINE_TEMPLATE)


def baseline(request):
    """A bare Django view rendering a small template: no database, no admin chrome."""
    context = {"title": "Baseline", "items": [f"Item {n}" for n in range(20)]}
    return HttpResponse(_template.render(context, request))


# The site's patterns are spliced in, not include()d: they use i18n_patterns, which Django allows
# only in the root URLconf.
urlpatterns = [path("bench/baseline/", baseline), *site_urls.urlpatterns]
