"""
URLs of the whole site (contracts in DESIGN.md).

``/accounts/`` Django's auth views with our templates, ``/admin/`` the Wagtail admin,
``/my-training/`` the learner dashboard, ``/healthz`` the health check; every other path is a
Wagtail page (``/`` is the training catalogue).
"""

from django.conf import settings
from django.urls import include, path
from django.views.generic import RedirectView
from wagtail import urls as wagtail_urls
from wagtail.admin import urls as wagtailadmin_urls
from wagtail.documents import urls as wagtaildocs_urls

from elearning import two_factor
from elearning import views as project_views
from elearning.signin import SignInView

urlpatterns = [
    path("healthz", project_views.healthz, name="healthz"),
    # One sign-in page, with its rate limit, for learners and the admin alike.
    path("admin/login/", RedirectView.as_view(pattern_name="login", query_string=True)),
    path("admin/", include(wagtailadmin_urls)),
    path("documents/", include(wagtaildocs_urls)),
    path(
        "accounts/login/",
        SignInView.as_view(),
        name="login",
    ),
    path("accounts/two-factor/setup/", two_factor.setup, name="two_factor_setup"),
    path("accounts/two-factor/verify/", two_factor.verify, name="two_factor_verify"),
    path("accounts/", include("django.contrib.auth.urls")),
    path("", include("certificates.urls")),
    path("", include("modules.urls")),
    path("", include("pathways.urls")),
]

if settings.DEBUG:
    from django.conf.urls.static import static

    urlpatterns += static(settings.MEDIA_URL, document_root=settings.MEDIA_ROOT)

urlpatterns += [path("", include(wagtail_urls))]
