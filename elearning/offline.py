"""
Offline use: a web app manifest and a service worker that keep the referral pathway, the
helplines and the lessons a learner has opened available without signal.

What may be kept is decided here, on the server, page by page: a response the learner may read
offline carries the header :data:`OFFLINE_HEADER` (:func:`allow_offline`), and the service worker
(``elearning/templates/offline/service-worker.js``) stores a page only when it carries it. The
referral pathway pages, lessons (unless the learner's scenario practice shows on them) and the
offline page are marked; nothing else ever is, so quiz pages, results, answers, certificates,
the account page and every POST stay out of the store. Static files (our stylesheet, scripts and
images) are kept too: they hold nothing personal.

When the learner signs out, the response says ``Clear-Site-Data: "cache", "storage"`` (the browser
empties the offline store and removes the worker), and the signed-out page's script deletes the
caches itself for browsers that ignore that header (:func:`clear_site_data`). A learner who signs
out therefore leaves nothing personal behind.

The worker is served from the site root (``/service-worker.js``) so that its scope is the whole
site; it is plain script of our own, allowed by the Content-Security-Policy's ``'self'``.
"""

import json

from django.contrib.staticfiles.storage import staticfiles_storage
from django.http import HttpResponse
from django.shortcuts import render
from django.template.loader import render_to_string
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_GET

#: The header that marks a response the service worker may keep for offline reading.
OFFLINE_HEADER = "X-Offline"
OFFLINE_VALUE = "keep"
#: Bump to make every browser drop what an earlier worker stored.
CACHE_VERSION = "protect-offline-v1"


def allow_offline(response):
    """Mark ``response`` as one the service worker may keep (a successful GET of a safe page)."""
    response[OFFLINE_HEADER] = OFFLINE_VALUE
    return response


def clear_site_data(response):
    """Ask the browser to empty the offline store (signing out)."""
    response["Clear-Site-Data"] = '"cache", "storage"'
    return response


@require_GET
@cache_control(no_cache=True)
def service_worker(request):
    """The service worker script, from the root so its scope is the whole site."""
    script = render_to_string(
        "offline/service-worker.js",
        {
            "cache_version": CACHE_VERSION,
            "offline_header": OFFLINE_HEADER.lower(),
            "offline_value": OFFLINE_VALUE,
            "precache": json.dumps(
                ["/offline/", staticfiles_storage.url("css/site.css")]
            ),
        },
    )
    response = HttpResponse(script, content_type="text/javascript; charset=utf-8")
    response["Service-Worker-Allowed"] = "/"
    return response


@require_GET
@cache_control(max_age=86400)
def manifest(request):
    """The web app manifest: the training can be added to a phone's home screen."""
    icon = staticfiles_storage.url("img/favicon.svg")
    data = {
        "name": _("PROTECT training"),
        "short_name": _("PROTECT"),
        "description": _("Recognise the signs of trafficking and know what to do."),
        "start_url": "/",
        "scope": "/",
        "display": "standalone",
        "background_color": "#ffffff",
        "theme_color": "#0b5563",
        "icons": [{"src": icon, "sizes": "any", "type": "image/svg+xml", "purpose": "any"}],
    }
    return HttpResponse(json.dumps(data), content_type="application/manifest+json")


@require_GET
def offline_page(request):
    """Shown by the worker when a page is asked for without signal and was never kept."""
    return allow_offline(render(request, "offline/offline.html"))
