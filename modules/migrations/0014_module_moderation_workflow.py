"""
Module content is moderated: a trainer submits, a training lead approves (issue 20).

Creates the "Training leads" group (its permissions are given after every ``migrate`` by
``learners.groups.ensure_role_groups``), a group approval task of the same name, and the
"Module moderation" workflow with that one task, assigned to the root of the page tree so that
every module, lesson and quiz page, including modules added later, goes through it. Wagtail's
own default workflow ("Moderators approval"), if present, is replaced at the root and left
inactive. Learners only ever see live pages, and a page goes live only when a lead approves.

Running it twice changes nothing; reversing it removes the assignment (the group stays: it may
have members).
"""

from django.db import migrations

WORKFLOW_NAME = "Module moderation"
TASK_NAME = "Training leads"
GROUP_NAME = "Training leads"


def create_module_moderation(apps, schema_editor):
    ContentType = apps.get_model("contenttypes", "ContentType")
    Group = apps.get_model("auth", "Group")
    GroupApprovalTask = apps.get_model("wagtailcore", "GroupApprovalTask")
    Page = apps.get_model("wagtailcore", "Page")
    Workflow = apps.get_model("wagtailcore", "Workflow")
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowTask = apps.get_model("wagtailcore", "WorkflowTask")

    group, _created = Group.objects.get_or_create(name=GROUP_NAME)
    content_type, _created = ContentType.objects.get_or_create(
        app_label="wagtailcore", model="groupapprovaltask"
    )
    task = GroupApprovalTask.objects.filter(name=TASK_NAME).first()
    if task is None:
        task = GroupApprovalTask.objects.create(
            name=TASK_NAME, content_type=content_type, active=True
        )
    task.groups.add(group)
    workflow, _created = Workflow.objects.get_or_create(
        name=WORKFLOW_NAME, defaults={"active": True}
    )
    WorkflowTask.objects.get_or_create(workflow=workflow, task=task, defaults={"sort_order": 0})

    root = Page.objects.filter(depth=1).order_by("path").first()
    if root is None:
        return
    existing = WorkflowPage.objects.filter(page=root).first()
    if existing is not None and existing.workflow_id != workflow.pk:
        replaced = existing.workflow
        existing.workflow = workflow
        existing.save()
        if not WorkflowPage.objects.filter(workflow=replaced).exists():
            replaced.active = False
            replaced.save()
    elif existing is None:
        WorkflowPage.objects.create(page=root, workflow=workflow)


def remove_module_moderation(apps, schema_editor):
    WorkflowPage = apps.get_model("wagtailcore", "WorkflowPage")
    WorkflowPage.objects.filter(workflow__name=WORKFLOW_NAME).delete()


class Migration(migrations.Migration):
    dependencies = [
        ("modules", "0013_lesson_question_categories"),
        ("wagtailcore", "0048_add_default_workflows"),
        ("contenttypes", "0002_remove_content_type_name"),
        ("auth", "0012_alter_user_first_name_max_length"),
    ]

    operations = [migrations.RunPython(create_module_moderation, remove_module_moderation)]
