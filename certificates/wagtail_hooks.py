"""Admin wiring: the certificates listing, its actions, the certificate preview, and the logo and
signatory items of the first-run checklist (:mod:`pathways.setup_checklist`)."""

from django.urls import include, path, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import Menu, MenuItem, SubmenuMenuItem
from wagtail.permissions import register_permission_policy

from certificates.admin_views import (
    REVOKE_PERMISSION,
    CertificatePermissionPolicy,
    admin_urlpatterns,
    certificate_viewset,
)
from certificates.models import Certificate, CertificateSettings
from pathways.setup_checklist import SETUP_CHECKLIST_ITEMS, SetupItem, setting_url

register_permission_policy(Certificate, CertificatePermissionPolicy(Certificate))


@hooks.register("register_admin_viewset")
def register_certificate_viewset():
    return certificate_viewset


@hooks.register("register_admin_urls")
def register_certificate_admin_urls():
    return [
        path(
            "certificate-tools/",
            include((admin_urlpatterns, "certificates_admin"), namespace="certificates_admin"),
        )
    ]


class _PermissionMenuItem(MenuItem):
    def __init__(self, *args, permission, **kwargs):
        super().__init__(*args, **kwargs)
        self.permission = permission

    def is_shown(self, request):
        return request.user.has_perm(self.permission)


class _CertificatesMenu(SubmenuMenuItem):
    def is_shown(self, request):
        return request.user.has_perm("certificates.view_certificate")


@hooks.register("register_admin_menu_item")
def register_certificates_menu():
    return _CertificatesMenu(
        _("Certificates"),
        Menu(
            items=[
                _PermissionMenuItem(
                    _("All certificates"),
                    reverse_lazy(f"{certificate_viewset.url_namespace}:index"),
                    icon_name="doc-full",
                    order=100,
                    permission="certificates.view_certificate",
                ),
                _PermissionMenuItem(
                    _("Refreshers after pathway changes"),
                    reverse_lazy("certificates_admin:pathway_refreshers"),
                    icon_name="rotate",
                    order=200,
                    permission=REVOKE_PERMISSION,
                ),
            ]
        ),
        icon_name="doc-full",
        order=310,
    )


@hooks.register(SETUP_CHECKLIST_ITEMS)
def certificate_settings_to_set(site, user):
    """The logo and the signatory on every certificate (Settings → Certificate settings)."""
    look = CertificateSettings.for_site(site)
    url = setting_url(CertificateSettings)
    permission = "certificates.change_certificatesettings"
    return [
        SetupItem(
            _("The organisation's logo"), look.logo_id is not None, url, permission, order=20
        ),
        SetupItem(
            _("Who signs the certificates (name and role)"),
            bool(look.signatory_name.strip() and look.signatory_role.strip()),
            url,
            permission,
            order=30,
        ),
    ]
