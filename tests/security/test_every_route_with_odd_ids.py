"""
Every route, as every role, with odd values in each parameter and each report filter: never a 500.

The routes come from the URL resolver (the site's, Wagtail's admin and our admin views) plus the
quiz page's own routes, so a route added later is tried without anyone listing it here. Each
parameter gets a 20-digit number (beyond any database integer), a negative number, a word and a
null byte (those its converter lets through), each requested with GET, and the route once with
POST (the test client skips CSRF checks, so a POST reaches the view). Each report and admin
listing filter gets the same values.
"""

import re

import pytest
from django.test import Client
from django.urls import URLResolver, get_resolver

from tests.conftest import signed_in

pytestmark = pytest.mark.django_db

ODD_VALUES = ["99999999999999999999", "-1", "abc", "%00"]
ROLES = ["anonymous", "volunteer", "trainer", "manager", "superuser"]

# Parameters in route syntax (<int:pk>, <slug>) and in regular expressions ((?P<name>...)).
ROUTE_PARAMETER = re.compile(r"<(?:[^>:]+:)?[^>]+>|\(\?P<[^>]+>[^)]*\)")


def all_routes(patterns=None, prefix=""):
    """Every URL pattern of the site as text, prefixes included, in resolver order."""
    patterns = get_resolver().url_patterns if patterns is None else patterns
    for pattern in patterns:
        text = prefix + str(pattern.pattern).lstrip("^").rstrip("$")
        if isinstance(pattern, URLResolver):
            yield from all_routes(pattern.url_patterns, text)
        else:
            yield text


def routes_with_parameters():
    return sorted({route for route in all_routes() if ROUTE_PARAMETER.search(route)})


def quiz_routes(quiz):
    """The quiz page's own sub-routes (a RoutablePage), under the quiz's URL."""
    return [
        quiz.url + route
        for route in (
            "attempt/<uuid:attempt_uuid>/<int:number>/",
            "attempt/<uuid:attempt_uuid>/review/",
            "attempt/<uuid:attempt_uuid>/result/",
        )
    ]


def parameters(route):
    return ROUTE_PARAMETER.findall(route)


def odd_values_for(route):
    """The odd values worth sending to ``route``: those its parameters' converters let through.

    An ``<int:...>`` parameter lets only digits through (a word there is another route's
    business, tried on its own) and ``<uuid:...>`` nothing odd at all.
    """
    kinds = {
        re.match(r"<(?:([^>:]+):)?", p).group(1) if p.startswith("<") else "re"
        for p in parameters(route)
    }
    if kinds <= {"uuid"}:
        return ODD_VALUES[:1]
    if kinds <= {"int", "uuid", "id"}:
        return ODD_VALUES[:1]
    return ODD_VALUES


def fill(route, value):
    path = ROUTE_PARAMETER.sub(value, route)
    path = path.replace("\\", "")
    return path if path.startswith("/") else "/" + path


def client_for_role(request, role):
    client = Client() if role == "anonymous" else signed_in(request.getfixturevalue(role))
    client.raise_request_exception = False
    return client


@pytest.mark.parametrize("role", ROLES)
def test_no_route_answers_500_to_odd_ids(request, role, quiz):
    client = client_for_role(request, role)
    routes = routes_with_parameters() + quiz_routes(quiz)
    errors = []
    for route in routes:
        values = odd_values_for(route)
        # Every odd value by GET; a POST reaches the same lookup, once per route is enough.
        requests = [(client.get, value) for value in values] + [(client.post, values[0])]
        for method, value in requests:
            path = fill(route, value)
            response = method(path)
            if response.status_code >= 500:
                errors.append(f"{method.__name__.upper()} {path}: {response.status_code}")
    assert not errors, "\n".join(errors)


def listing_filters():
    """Every admin listing with filters (reports, certificates, learners) and its filter names."""
    from certificates.admin_views import CertificateFilterSet
    from learners.wagtail_hooks import LearnerFilterSet
    from reports.wagtail_hooks import REPORTS

    listings = [
        ("/admin/certificates/", CertificateFilterSet),
        ("/admin/learners/", LearnerFilterSet),
    ]
    for route, view, _name in REPORTS:
        url = "/admin/training-reports/" + route.replace("<int:question_id>", "1")
        listings.append((url, getattr(view, "filterset_class", None)))
    for url, filterset in listings:
        names = list(filterset.base_filters) if filterset is not None else []
        # Range filters are sent as name_after / name_before (or _min / _max).
        expanded = []
        for name in names:
            expanded += [name, f"{name}_after", f"{name}_before", f"{name}_min", f"{name}_max"]
        yield url, expanded + ["module", "quiz", "page", "p", "ordering", "q", "export"]


@pytest.mark.parametrize("role", ["trainer", "manager", "superuser"])
def test_no_listing_answers_500_to_odd_filters(request, role, quiz):
    client = client_for_role(request, role)
    errors = []
    for url, names in listing_filters():
        for name in names:
            for value in ODD_VALUES:
                response = client.get(url, {name: value.replace("%00", "\x00")})
                if response.status_code >= 500:
                    errors.append(f"{url}?{name}={value}: {response.status_code}")
    assert not errors, "\n".join(errors)
