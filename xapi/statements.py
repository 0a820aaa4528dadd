"""
Building xAPI statements: stable ids for activities and statements, the actor, the verbs.

Activity ids are IRIs under the site (``XAPI_ACTIVITY_BASE``, by default the default Wagtail
site's root URL) that do not change when content is renamed, moved or translated:

* a module, lesson or quiz page: ``<base>/xapi/activities/page/<translation_key>``
* a question in the bank: ``<base>/xapi/activities/question/<id>``
* a decision in a scenario: ``<base>/xapi/activities/question/<id>/stage/<stage key>``
* a certificate: ``<base>/certificates/verify/<code>/`` (its public verification page)

Statement ids are UUID5s of what happened (the learner, the event and its own key), so recording
the same event again yields the same id, and the LRS (which refuses a second statement with the
same id) never holds it twice.
"""

import uuid

from django.conf import settings
from django.utils import timezone

from xapi.models import VERB_IRIS, LearnerAgent

#: The namespace of every statement id the platform makes.
STATEMENT_NAMESPACE = uuid.UUID("6d0a3b8e-2f7c-5d4e-9a61-3c2b1f0e8d57")


def activity_base():
    """The site's own address, without a trailing slash."""
    configured = getattr(settings, "XAPI_ACTIVITY_BASE", "")
    if configured:
        return configured.rstrip("/")
    from wagtail.models import Site

    site = Site.objects.filter(is_default_site=True).first()
    return (site.root_url if site else "http://localhost").rstrip("/")


def page_activity_id(page, base):
    return f"{base}/xapi/activities/page/{page.translation_key}"


def question_activity_id(question_id, base):
    return f"{base}/xapi/activities/question/{question_id}"


def certificate_activity_id(certificate, base):
    return f"{base}/certificates/verify/{certificate.code}/"


def statement_id(*parts):
    """A deterministic statement id from the parts that make an event unique."""
    return uuid.uuid5(STATEMENT_NAMESPACE, "|".join(str(part) for part in parts))


def actor_for(user, base):
    """The learner as an anonymised xAPI account: the site and a random, stable name."""
    agent, _created = LearnerAgent.objects.get_or_create(user=user)
    return {
        "objectType": "Agent",
        "account": {"homePage": base, "name": str(agent.name)},
    }


def activity(activity_id, name, activity_type):
    definition = {"type": activity_type}
    if name:
        definition["name"] = {_language(): str(name)[:250]}
    return {"objectType": "Activity", "id": activity_id, "definition": definition}


def build_statement(*, id, actor, verb, object, result=None, context=None, timestamp=None):
    """A complete xAPI 1.0.3 statement as a dict, ready to post."""
    statement = {
        "id": str(id),
        "actor": actor,
        "verb": {"id": VERB_IRIS[verb], "display": {"en-US": verb}},
        "object": object,
        "timestamp": (timestamp or timezone.now()).isoformat(),
    }
    if result:
        statement["result"] = result
    if context:
        statement["context"] = context
    return statement


def _language():
    return (settings.LANGUAGE_CODE or "en").split("-")[0]


TYPE_MODULE = "http://adlnet.gov/expapi/activities/course"
TYPE_LESSON = "http://adlnet.gov/expapi/activities/lesson"
TYPE_ASSESSMENT = "http://adlnet.gov/expapi/activities/assessment"
TYPE_QUESTION = "http://adlnet.gov/expapi/activities/cmi.interaction"
TYPE_DECISION = "http://adlnet.gov/expapi/activities/interaction"
TYPE_CERTIFICATE = "https://w3id.org/xapi/acrossx/activities/certificate"
#: Context extension carrying the referral pathway step a scenario decision stands for.
EXTENSION_PATHWAY_STEP = "xapi/extensions/pathway-step"
