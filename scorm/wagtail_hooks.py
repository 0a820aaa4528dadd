"""
Admin wiring for SCORM dispatch: a "SCORM dispatches" snippet for trainers and training
managers, with "Download SCORM 1.2" and "Download SCORM 2004" buttons in the listing.
"""

from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.panels import FieldPanel
from wagtail.admin.ui.tables import Column
from wagtail.snippets.models import register_snippet
from wagtail.snippets.views.snippets import CreateView, SnippetViewSet

from scorm.admin_views import download_package
from scorm.models import Dispatch


class DownloadColumn(Column):
    """Two links: the dispatch's SCORM 1.2 and SCORM 2004 packages."""

    def get_value(self, instance):
        links = [
            format_html(
                '<a class="button button-small button-secondary" href="{}" download>{}</a>',
                reverse("scorm_admin_download", args=[instance.pk, version]),
                label,
            )
            for version, label in (
                ("1.2", _("Download SCORM 1.2")),
                ("2004", _("Download SCORM 2004")),
            )
        ]
        return format_html("{} {}", *links)


class DispatchCreateView(CreateView):
    def save_instance(self):
        self.form.instance.created_by = self.request.user
        return super().save_instance()


class DispatchViewSet(SnippetViewSet):
    model = Dispatch
    icon = "download"
    menu_label = _("SCORM dispatch")
    add_to_admin_menu = True
    add_view_class = DispatchCreateView
    list_display = [
        "lms_name",
        Column("module", label=_("Module")),
        "active",
        DownloadColumn("packages", label=_("Packages")),
    ]
    panels = [FieldPanel("module"), FieldPanel("lms_name"), FieldPanel("active")]


register_snippet(DispatchViewSet)


@hooks.register("register_admin_urls")
def register_scorm_admin_urls():
    return [
        path(
            "scorm/<id:pk>/package/<str:version>/",
            download_package,
            name="scorm_admin_download",
        )
    ]
