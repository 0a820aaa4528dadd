"""Admin wiring of the project glue: the audit log's actions (:mod:`elearning.audit`)."""

from wagtail import hooks

from elearning.audit import ACTIONS


@hooks.register("register_log_actions")
def register_audit_actions(actions):
    for action, label in ACTIONS.items():
        actions.register_action(action, label, label)
