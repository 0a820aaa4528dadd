"""
URLs of the whole site (contracts in DESIGN.md).

``/accounts/`` Django's auth views with our templates, ``/admin/`` the Wagtail admin,
``/my-training/`` the learner dashboard, ``/healthz`` the health check; every other path is a
Wagtail page (``/`` is the training catalogue). Learner pages and ``/accounts/`` are also served in
Welsh and Arabic under ``/cy/`` and ``/ar/``; English has no prefix.
"""

from pathlib import Path

from django.conf import settings
from django.conf.urls.i18n import i18n_patterns
from django.urls import include, path, re_path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from elearning import offline, signin, two_factor
from elearning import views as project_views
from elearning.favicon import favicon
from elearning.ids import WAGTAIL_CHOSEN_NOT_AN_ID

urlpatterns = [
    # No admin address with a null byte names anything (PostgreSQL refuses them in text, and
    # some of Wagtail's views would pass one to a query): "not found" before any view sees it.
    re_path(r"^admin/[^\x00]*\x00", project_views.not_found),
    path("healthz", project_views.healthz, name="healthz"),
    path("favicon.ico", favicon, name="favicon"),
    path("service-worker.js", offline.service_worker, name="service_worker"),
    path("manifest.webmanifest", offline.manifest, name="web_manifest"),
    path("offline/", offline.offline_page, name="offline"),
    # One sign-in page, throttled, for learners and the admin alike: the admin's and Wagtail's
    # front-end login views are never reached (elearning/signin.py).
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("_util/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/logout/", signin.admin_logout),
    # Wagtail's own choosers read any text as an id: a word is "not found" here (elearning/ids.py).
    re_path(WAGTAIL_CHOSEN_NOT_AN_ID, project_views.not_found),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
]

# Everything a learner reads is in their language: English at "/", others under "/cy/", "/ar/".
learner_urlpatterns = [
    path(
        "accounts/login/",
        signin.SignInView.as_view(),
        name="login",
    ),
    path(
        "accounts/password_change/",
        signin.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/password_reset/",
        signin.PasswordResetView.as_view(),
        name="password_reset",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        signin.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("accounts/logout/", signin.LogoutView.as_view(), name="logout"),
    path("accounts/two-factor/sign-in/", two_factor.sign_in_code, name="two_factor_sign_in"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("scorm.urls")),
    path("", include("certificates.urls")),
    path("", include("modules.urls")),
    path("", include("pathways.urls")),
    path("", include("learners.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    # Images only: documents are served by Wagtail's view, which checks who is asking.
    for folder in ("images", "original_images"):
        urlpatterns += static(
            f"{settings.MEDIA_URL}{folder}/", document_root=Path(settings.MEDIA_ROOT) / folder
        )

urlpatterns += i18n_patterns(
    *learner_urlpatterns, path("", include(wagtail_urls)), prefix_default_language=False
)
