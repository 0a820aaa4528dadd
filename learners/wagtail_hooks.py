"""
Admin wiring of ``learners``: the "Learners" menu for training managers.

* The listing: every learner with name, email, region, role and status, and a column per
  module with their status in it and their certificate's expiry (from the training source of
  :mod:`learners.listing`); search by name or email; filters by region, role, account status
  (active, deactivated, erased), group, and by module, status in it and certificate expiring
  within N days. Its query count does not grow with the number of learners.
* Each learner's training record (the inspect view, :class:`learners.views.LearnerRecordView`)
  with the actions: edit profile, deactivate or reactivate, send a new invitation, export as
  JSON, erase.
* "Import learners" (header button): upload a CSV, check every row's outcome, apply.

Learners are never deleted here (erase them) nor added one at a time (import a file of one, or
use Settings, Users): the permission policy refuses "add" and "delete" to everyone.
"""

import django_filters
from django import forms
from django.contrib.auth.models import Group
from django.core.exceptions import PermissionDenied
from django.urls import path, reverse
from django.utils.functional import cached_property
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.filters import WagtailFilterSet
from wagtail.admin.panels import FieldPanel, ObjectList
from wagtail.admin.ui.tables import Column, TitleColumn
from wagtail.admin.views import generic
from wagtail.admin.viewsets.model import ModelViewSet
from wagtail.admin.widgets import HeaderButton
from wagtail.permission_policies import ModelPermissionPolicy
from wagtail.permissions import register_permission_policy

from elearning.ids import IdModelChoiceFilter
from learners import services, views
from learners.access import PERMISSIONS, in_admin_role_groups, refusal_to_manage
from learners.admin_forms import LearnerProfileForm
from learners.listing import training_status_source
from learners.models import LearnerProfile, LearnerStatus
from learners.roles import Role


class LearnerPermissionPolicy(ModelPermissionPolicy):
    """The model permissions, except that nobody adds or deletes learners in this menu."""

    def user_has_permission(self, user, action):
        if action in ("add", "delete"):
            return False
        return super().user_has_permission(user, action)

    def user_has_any_permission(self, user, actions):
        return any(self.user_has_permission(user, action) for action in actions)


register_permission_policy(LearnerProfile, LearnerPermissionPolicy(LearnerProfile))


def region_choices():
    return [(region, region) for region in LearnerProfile.objects.regions()]


#: The longest "certificate expires within" a manager may ask for: ten years.
MAX_EXPIRY_DAYS = 3650


class DaysFilter(django_filters.NumberFilter):
    field_class = forms.IntegerField


class LearnerFilterSet(WagtailFilterSet):
    """Filters on the account, and on its training through the registered source.

    ``modules`` (a keyword argument) are the source's modules for this request; the training
    filters (module, its status, certificate expiring within N days) act together, in
    :meth:`filter_queryset`: a status or an expiry without a module means "in any module".
    """

    region = django_filters.ChoiceFilter(label=_("Region"), choices=region_choices)
    role = django_filters.ChoiceFilter(label=_("Role"), choices=Role.choices)
    status = django_filters.ChoiceFilter(
        label=_("Account status"), choices=LearnerStatus.choices, method="filter_status"
    )
    group = IdModelChoiceFilter(
        label=_("Group"),
        queryset=Group.objects.order_by("name"),
        field_name="user__groups",
        distinct=True,
    )
    module = django_filters.ChoiceFilter(label=_("Module"), method="training_filter")
    training_status = django_filters.ChoiceFilter(
        label=_("Status in the module"), method="training_filter"
    )
    expiring_within = DaysFilter(
        label=_("Certificate expires within (days)"),
        method="training_filter",
        min_value=0,
        max_value=MAX_EXPIRY_DAYS,
    )

    class Meta:
        model = LearnerProfile
        fields = ["region", "role", "status"]

    def __init__(self, *args, modules=(), **kwargs):
        super().__init__(*args, **kwargs)
        self.modules = list(modules)
        self.source = training_status_source()
        if self.source is None:
            for name in ("module", "training_status", "expiring_within"):
                del self.filters[name]
            return
        self.filters["module"].extra["choices"] = [(str(m.id), m.title) for m in self.modules]
        self.filters["training_status"].extra["choices"] = self.source.status_choices()

    def filter_status(self, queryset, name, value):
        return queryset.with_status(value) if value else queryset

    def training_filter(self, queryset, name, value):
        return queryset  # the three act together in filter_queryset

    def filter_queryset(self, queryset):
        queryset = super().filter_queryset(queryset)
        if self.source is None:
            return queryset
        data = self.form.cleaned_data
        module, status = data.get("module"), data.get("training_status")
        expiring_within = data.get("expiring_within")
        if not module and not status and expiring_within is None:
            return queryset
        return self.source.filter(
            queryset,
            self.modules,
            module_id=int(module) if module else None,
            status=status or "",
            expiring_within=expiring_within,
        )


class TrainingColumn(Column):
    """A learner's status in one module and their certificate's expiry."""

    cell_template_name = "learners/admin/training_cell.html"

    def __init__(self, module, source):
        # "General awareness: recognising and ..." → "General awareness": the column stays narrow.
        super().__init__(f"training_{module.id}", label=module.title.split(":")[0])
        self.module_id = module.id
        self.source = source

    def get_value(self, instance):
        return self.source.cell(instance, self.module_id)


class LearnerIndexView(generic.IndexView):
    @cached_property
    def training_source(self):
        return training_status_source()

    @cached_property
    def training_modules(self):
        return self.training_source.modules() if self.training_source else []

    def get_base_queryset(self):
        profiles = LearnerProfile.objects.select_related("user").annotate(
            in_admin_role_groups=in_admin_role_groups()
        )
        if self.training_source:
            profiles = self.training_source.annotate(profiles, self.training_modules)
        return profiles

    def get_filterset_kwargs(self):
        return {**super().get_filterset_kwargs(), "modules": self.training_modules}

    @cached_property
    def columns(self):
        source = self.training_source
        training = [TrainingColumn(module, source) for module in self.training_modules]
        return [*super().columns, *training]

    def _get_title_column(self, field_name, column_class=TitleColumn, **kwargs):
        # The name opens the learner's record rather than the profile form.
        return self._get_title_column_class(column_class)(
            "name",
            label=_("Name"),
            accessor="name",
            get_url=lambda profile: reverse("learners:inspect", args=[profile.pk]),
            sort_key="user__first_name",
            # A whole name on one line beside the training columns (elearning/static/css/admin.css).
            classname="learner-name",
        )

    @cached_property
    def header_buttons(self):
        buttons = super().header_buttons
        if self.request.user.has_perm(PERMISSIONS["import"]):
            buttons.append(
                HeaderButton(
                    _("Import learners"), url=reverse("learners:import"), icon_name="upload"
                )
            )
        return buttons

    def get_edit_url(self, instance):
        if instance.is_erased or refusal_to_manage(
            self.request.user,
            instance.user,
            in_admin_role_groups=getattr(instance, "in_admin_role_groups", None),
        ):
            return None
        return super().get_edit_url(instance)


class LearnerEditView(generic.EditView):
    """The profile form; the role goes through ``services.assign_role`` with its groups."""

    def get_object(self, queryset=None):
        profile = super().get_object(queryset)
        if profile.is_erased or refusal_to_manage(self.request.user, profile.user):
            raise PermissionDenied
        return profile

    def get_success_url(self):
        return reverse("learners:inspect", args=[self.object.pk])

    def save_instance(self):
        data = self.form.cleaned_data
        return services.update_profile(
            profile=self.object,
            display_name=data["display_name"],
            region=data["region"],
            team=data["team"],
            preferred_language=data["preferred_language"],
            role=data["role"],
            by=self.request.user,
        )


class LearnerViewSet(ModelViewSet):
    model = LearnerProfile
    name = "learners"
    url_prefix = "learners"
    icon = "group"
    menu_label = _("Learners")
    menu_order = 230
    add_to_admin_menu = True
    index_view_class = LearnerIndexView
    edit_view_class = LearnerEditView
    inspect_view_enabled = True
    inspect_view_class = views.LearnerRecordView
    copy_view_enabled = False
    filterset_class = LearnerFilterSet
    search_fields = [
        "display_name",
        "user__username",
        "user__first_name",
        "user__last_name",
        "user__email",
    ]
    search_backend_name = None
    list_per_page = 50
    list_display = [
        "name",
        Column("email", label=_("Email"), accessor="user.email"),
        Column("region", label=_("Region"), sort_key="region"),
        Column("role", label=_("Role"), accessor="get_role_display", sort_key="role"),
        Column("status", label=_("Account"), accessor=lambda p: p.status.label),
        Column("last_login", label=_("Last signed in"), accessor="user.last_login"),
    ]
    edit_handler = ObjectList(
        [
            FieldPanel("display_name"),
            FieldPanel("region"),
            FieldPanel("team"),
            FieldPanel("role"),
            FieldPanel("preferred_language"),
        ],
        base_form_class=LearnerProfileForm,
    )

    def get_urlpatterns(self):
        return [
            *super().get_urlpatterns(),
            path("<id:pk>/deactivate/", views.DeactivateView.as_view(), name="deactivate"),
            path("<id:pk>/reactivate/", views.ReactivateView.as_view(), name="reactivate"),
            path("<id:pk>/invite/", views.InviteView.as_view(), name="invite"),
            path("<id:pk>/export/", views.ExportView.as_view(), name="export"),
            path("<id:pk>/erase/", views.EraseView.as_view(), name="erase"),
            path(
                "<id:pk>/exclude-from-reports/",
                views.ExcludeFromReportsView.as_view(),
                name="exclude_from_reports",
            ),
            path(
                "<id:pk>/include-in-reports/",
                views.IncludeInReportsView.as_view(),
                name="include_in_reports",
            ),
            path("import/", views.ImportUploadView.as_view(), name="import"),
            path("import/<str:token>/", views.ImportPreviewView.as_view(), name="import_preview"),
        ]


learner_viewset = LearnerViewSet()


@hooks.register("register_admin_viewset")
def register_learner_viewset():
    return learner_viewset
