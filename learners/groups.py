"""
The role groups and what each may do.

Learner groups (Volunteers, Staff, Caseworkers) hold no admin permissions: what they may open is
decided by each module's audience. Trainers write training content in the Wagtail admin and
nothing beyond content; a page they change goes live only when a training lead approves it (the
"Module moderation" workflow, made by ``modules`` migration 0014): trainers submit, and only the
"Training leads" group (trainers who may also publish, not a role of their own) approves and
publishes. Training managers reach the admin to see reports and learners' progress, but cannot
edit content.

:func:`ensure_role_groups` is idempotent and runs after every ``migrate``.
"""

from django.contrib.auth.management import create_permissions
from django.contrib.auth.models import Group, Permission
from django.db import transaction

from learners.roles import Role

#: Model permissions per role, as "app_label.codename".
ROLE_PERMISSIONS = {
    Role.VOLUNTEER: [],
    Role.STAFF: [],
    Role.CASEWORKER: [],
    Role.TRAINER: [
        "wagtailadmin.access_admin",
        "modules.open_any_module",
        "pathways.add_helpcontact",
        "pathways.change_helpcontact",
        "pathways.change_trainingsettings",
        "pathways.add_referralpathway",
        "pathways.change_referralpathway",
        "pathways.publish_referralpathway",
        "pathways.lock_referralpathway",
        "pathways.unlock_referralpathway",
        "pathways.add_indicator",
        "pathways.change_indicator",
        "pathways.view_pathwaychange",
        "pathways.change_pathwaychange",
        # The question bank (quizzes/wagtail_hooks.py): every question type, the listing of
        # all types (the base "question") and categories. Not extra time: who has an access
        # arrangement, and why, is a learner's personal data, for training managers only.
        *(
            f"quizzes.{action}_{model}"
            for model in (
                "question",
                "singlechoicequestion",
                "multiplechoicequestion",
                "truefalsequestion",
                "orderingquestion",
                "matchingquestion",
                "freetextquestion",
                "scenarioquestion",
                "questioncategory",
            )
            for action in ("add", "change", "delete", "view")
        ),
        # Quiz item analysis and scenario decisions (reports/wagtail_hooks.py).
        "reports.view_answer_reports",
        # What certificates say about the organisation (Settings → Certificate settings).
        "certificates.change_certificatesettings",
        # SCORM dispatch: offer a module to another organisation's LMS (scorm/wagtail_hooks.py).
        "scorm.add_dispatch",
        "scorm.change_dispatch",
        "scorm.view_dispatch",
    ],
    Role.TRAINING_MANAGER: [
        "wagtailadmin.access_admin",
        "modules.open_any_module",
        "modules.view_learner_progress",
        "pathways.view_referralpathway",
        "pathways.view_indicator",
        "pathways.view_pathwaychange",
        # Extra time is a reasonable adjustment that managers arrange (quizzes' "Extra time").
        "quizzes.view_timeallowance",
        "quizzes.add_timeallowance",
        "quizzes.change_timeallowance",
        "quizzes.delete_timeallowance",
        # Every report: compliance, expiry, completions, item analysis, scenario decisions.
        "reports.view_learner_reports",
        "reports.view_answer_reports",
        # Certificates: see, export, download, revoke and reissue; ask for refreshers.
        "certificates.view_certificate",
        "certificates.download_any_certificate",
        "certificates.revoke_certificate",
        # Learners (learners/wagtail_hooks.py): list, edit profiles, import, deactivate, export
        # and erase. Accounts with admin access stay with administrators (learners/access.py).
        "learners.view_learnerprofile",
        "learners.change_learnerprofile",
        "learners.import_learners",
        "learners.deactivate_learner",
        "learners.export_learner_data",
        "learners.erase_learner",
        # The dead letter of the task queue: retry or discard failed emails and exports.
        "elearning.manage_failed_tasks",
        # SCORM dispatch: offer a module to another organisation's LMS (scorm/wagtail_hooks.py).
        "scorm.add_dispatch",
        "scorm.change_dispatch",
        "scorm.view_dispatch",
    ],
}

#: Page permissions (on the whole page tree) per role. Not "publish_page": trainers submit
#: their changes for a training lead's approval.
ROLE_PAGE_PERMISSIONS = {
    Role.TRAINER: ["add_page", "change_page", "lock_page", "unlock_page"],
}

#: The group whose members approve (and so publish) what trainers submit. Its members are
#: trainers too: it adds the right to publish pages to a trainer's permissions.
TRAINING_LEADS_GROUP = "Training leads"
TRAINING_LEAD_PAGE_PERMISSIONS = [*ROLE_PAGE_PERMISSIONS[Role.TRAINER], "publish_page"]

#: Image and document collection permissions (on the root collection) per role.
ROLE_COLLECTION_PERMISSIONS = {
    Role.TRAINER: [
        "wagtailimages.add_image",
        "wagtailimages.change_image",
        "wagtailimages.choose_image",
        "wagtaildocs.add_document",
        "wagtaildocs.change_document",
        "wagtaildocs.choose_document",
    ],
}


def _permission(dotted):
    app_label, codename = dotted.split(".")
    return Permission.objects.get(content_type__app_label=app_label, codename=codename)


@transaction.atomic
def ensure_role_groups(apps=None):
    """Create every role group and give it exactly the permissions listed above."""
    from django.apps import apps as global_apps
    from wagtail.models import Collection, GroupCollectionPermission, GroupPagePermission, Page

    # Permissions of apps that migrate after this one would not exist yet.
    for app_config in global_apps.get_app_configs():
        create_permissions(app_config, verbosity=0)

    root_page = Page.get_first_root_node()
    root_collection = Collection.get_first_root_node()
    grants = [
        (
            role.group_name,
            ROLE_PERMISSIONS[role],
            ROLE_PAGE_PERMISSIONS.get(role, []),
            ROLE_COLLECTION_PERMISSIONS.get(role, []),
        )
        for role in Role
    ]
    grants.append(
        (
            TRAINING_LEADS_GROUP,
            ROLE_PERMISSIONS[Role.TRAINER],
            TRAINING_LEAD_PAGE_PERMISSIONS,
            ROLE_COLLECTION_PERMISSIONS[Role.TRAINER],
        )
    )
    for group_name, permissions, page_permissions, collection_permissions in grants:
        group, _created = Group.objects.get_or_create(name=group_name)
        group.permissions.set([_permission(p) for p in permissions])
        if root_page is not None:
            wanted = page_permissions
            GroupPagePermission.objects.filter(group=group, page=root_page).exclude(
                permission__codename__in=wanted
            ).delete()
            for codename in wanted:
                GroupPagePermission.objects.get_or_create(
                    group=group,
                    page=root_page,
                    permission=Permission.objects.get(
                        content_type__app_label="wagtailcore", codename=codename
                    ),
                )
        if root_collection is not None:
            wanted = [_permission(p) for p in collection_permissions]
            GroupCollectionPermission.objects.filter(
                group=group, collection=root_collection
            ).exclude(permission__in=wanted).delete()
            for permission in wanted:
                GroupCollectionPermission.objects.get_or_create(
                    group=group, collection=root_collection, permission=permission
                )
