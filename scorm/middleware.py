"""
Keeps a SCORM learner's session to the one module they launched.

A launch (:func:`scorm.views.launch`) signs the LMS learner in and writes the module's address
into the session. Afterwards every request of that session outside the module (its lessons,
its quiz), the launch and status doors, sign-out and the site's static files answers 403 with
a way back to the module. The account has no password, so it has no other kind of session.
"""

import re

from django.conf import settings
from django.shortcuts import render

SCOPE_SESSION_KEY = "scorm_module_path"

#: Addresses any signed-in session needs, whatever it may open.
ALWAYS_ALLOWED = (
    "/scorm/",
    "/accounts/logout/",
    "/healthz",
    "/favicon.ico",
    "/service-worker.js",
    "/manifest.webmanifest",
    "/offline/",
    "/documents/",
)
LANGUAGE_PREFIX = re.compile(r"^/[a-z]{2}(?:-[a-z]+)?(?=/)")


class ScormScopeMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        return self.get_response(request)

    def process_view(self, request, view_func, view_args, view_kwargs):
        # In process_view, after the learner page cache's: that one reads the session together
        # with the freshness stamps in one trip, so nothing may load the session before it.
        if self.always_allowed(request.path) or not hasattr(request, "session"):
            return None
        scope = request.session.get(SCOPE_SESSION_KEY)
        if scope and not self.in_scope(request.path, scope):
            return render(request, "scorm/out_of_scope.html", {"module_url": scope}, status=403)
        return None

    @staticmethod
    def always_allowed(path):
        return path.startswith(ALWAYS_ALLOWED) or path.startswith(settings.STATIC_URL)

    @staticmethod
    def in_scope(path, scope):
        return path.startswith(scope) or LANGUAGE_PREFIX.sub("", path, count=1).startswith(scope)
