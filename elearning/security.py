"""
Response headers that tell browsers what a page may load and do.

:class:`SecurityHeadersMiddleware` adds a Content Security Policy and a Permissions Policy to
every response that does not set its own. There are two policies:

``LEARNER_POLICY``
    Everything outside the admin. Scripts and styles come only from our own static files (no
    inline ``<script>``, ``style=`` or event handlers: a script that an attacker slips into
    rich text or a learner's answer does not run); images from our site and ``data:`` URLs (QR
    codes); frames only from the video providers in ``CSP_FRAME_SRC``; no plug-ins; forms post
    only to our site; nobody may frame our pages (``frame-ancestors 'none'``, as
    ``X-Frame-Options: DENY`` says for older browsers).

``ADMIN_POLICY``
    ``/admin/``: the Wagtail admin writes inline scripts and styles, so they are allowed there,
    and so are ``blob:`` images (upload previews) and framing by our own origin (the live preview
    of a page is an iframe of ``/admin/.../preview/``; Wagtail answers those views with
    ``X-Frame-Options: SAMEORIGIN``). Only signed-in staff reach it.

``PREVIEW_POLICY``
    A page or question previewed in the admin. Wagtail renders a preview by sending a *dummy*
    request for the page's own URL (``/general-awareness/...``) through the whole middleware
    chain and marks it ``request.is_preview``; the response is the learner page, so it keeps the
    learner policy, except that the admin (our own origin) may frame it: with ``'none'`` the
    preview panel stays blank. A learner's real request is never a preview, so learner pages
    keep ``frame-ancestors 'none'``.

We keep this small middleware rather than add django-csp: two fixed policies, chosen by path,
are all the site needs, and a test reads the headers of every learner page.

Settings: ``CSP_FRAME_SRC`` (origins allowed to be framed, for embedded videos) and
``CSP_MEDIA_ORIGINS`` (extra origins for images and media, when uploads are served from
S3-compatible storage or a CDN). ``PERMISSIONS_POLICY`` replaces the default Permissions-Policy.
"""

from django.conf import settings

SELF = "'self'"
NONE = "'none'"

#: Providers whose players a video block may embed (``wagtail.embeds`` iframes).
DEFAULT_FRAME_SRC = (
    "https://www.youtube-nocookie.com",
    "https://www.youtube.com",
    "https://player.vimeo.com",
)

#: Powerful browser features that no page of this site uses.
DEFAULT_PERMISSIONS_POLICY = (
    "accelerometer=(), camera=(), geolocation=(), gyroscope=(), magnetometer=(), "
    "microphone=(), payment=(), usb=()"
)


def learner_policy():
    """The policy of every page outside the admin, as ``{directive: [sources]}``."""
    frame_src = list(getattr(settings, "CSP_FRAME_SRC", DEFAULT_FRAME_SRC))
    media_origins = list(getattr(settings, "CSP_MEDIA_ORIGINS", ()))
    return {
        "default-src": [SELF],
        "script-src": [SELF],
        "style-src": [SELF],
        "img-src": [SELF, "data:", *media_origins],
        "media-src": [SELF, *media_origins],
        "font-src": [SELF],
        "connect-src": [SELF],
        "frame-src": frame_src or [NONE],
        "frame-ancestors": [NONE],
        "form-action": [SELF],
        "base-uri": [SELF],
        "object-src": [NONE],
    }


def admin_policy():
    """The Wagtail admin's policy: the learner policy relaxed for Wagtail's inline code."""
    policy = learner_policy()
    policy["script-src"] = [SELF, "'unsafe-inline'"]
    policy["style-src"] = [SELF, "'unsafe-inline'"]
    policy["img-src"] = [*policy["img-src"], "blob:"]
    policy["frame-src"] = [SELF, *(s for s in policy["frame-src"] if s != NONE)]
    policy["frame-ancestors"] = [SELF]
    return policy


def preview_policy():
    """A previewed learner page: the learner policy, framed only by our own origin (the admin)."""
    policy = learner_policy()
    policy["frame-ancestors"] = [SELF]
    return policy


def is_preview_request(request):
    """True for the dummy request Wagtail renders a preview with (``make_preview_request``)."""
    return bool(getattr(request, "is_preview", False))


def serialise(policy):
    """``{"script-src": ["'self'"]}`` -> ``"script-src 'self'"``, directives joined by "; "."""
    return "; ".join(f"{name} {' '.join(sources)}" for name, sources in policy.items())


def is_admin_path(path):
    """True for the Wagtail admin's URLs (under ``/admin/``)."""
    return path.startswith("/admin/")


class SecurityHeadersMiddleware:
    """Add ``Content-Security-Policy`` and ``Permissions-Policy`` unless a view set its own."""

    def __init__(self, get_response):
        self.get_response = get_response
        self.learner_header = serialise(learner_policy())
        self.admin_header = serialise(admin_policy())
        self.preview_header = serialise(preview_policy())
        self.permissions_policy = getattr(
            settings, "PERMISSIONS_POLICY", DEFAULT_PERMISSIONS_POLICY
        )

    def __call__(self, request):
        response = self.get_response(request)
        if "Content-Security-Policy" not in response:
            response["Content-Security-Policy"] = self.policy_for(request)
        if self.permissions_policy and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.permissions_policy
        return response

    def policy_for(self, request):
        """The serialised policy for ``request``: admin, preview or learner."""
        if is_admin_path(request.path):
            return self.admin_header
        if is_preview_request(request):
            return self.preview_header
        return self.learner_header
