"""Admin wiring for module packages: the export button on modules and the import menu item."""

from django.urls import include, path, reverse, reverse_lazy
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem
from wagtail.admin.widgets import Button

from modules.models import TrainingModulePage
from packages.admin_views import admin_urlpatterns, may_export, may_import


@hooks.register("register_admin_urls")
def register_package_admin_urls():
    return [
        path(
            "module-packages/",
            include((admin_urlpatterns, "packages_admin"), namespace="packages_admin"),
        )
    ]


def _export_button(page, user, priority):
    page_class = page.specific_class
    is_module = page_class is not None and issubclass(page_class, TrainingModulePage)
    if is_module and may_export(user, page):
        yield Button(
            _("Export as package"),
            reverse("packages_admin:export", args=[page.pk]),
            icon_name="download",
            priority=priority,
            attrs={"download": ""},
        )


@hooks.register("register_page_listing_more_buttons")
def export_in_listing(page, user, next_url=None):
    yield from _export_button(page, user, priority=60)


@hooks.register("register_page_header_buttons")
def export_in_header(page, user, view_name, next_url=None):
    yield from _export_button(page, user, priority=60)


class _ImportMenuItem(MenuItem):
    def is_shown(self, request):
        return may_import(request.user)


@hooks.register("register_settings_menu_item")
def register_import_menu_item():
    return _ImportMenuItem(
        _("Import a module package"),
        reverse_lazy("packages_admin:import"),
        icon_name="upload",
        order=900,
    )
