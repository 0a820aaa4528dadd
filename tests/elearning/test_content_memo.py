"""
The content memo: answers that depend on content alone are worked out once per content version.

The unit tests pin the rules (one build per key and version, copies not shared objects, bounded
size, off switch). The page tests read pages as a learner would and check that what a trainer
changes shows on the very next view: a renamed lesson, a new lesson, an unpublished one, a
changed slug, a privacy setting, the footer's help contacts and settings.
"""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from wagtail.models import PageViewRestriction

from elearning import content_memo
from pathways.models import HelpContact, TrainingSettings
from tests.elearning.conftest import lessons_of
from tests.factories import LessonPageFactory


class Counter:
    def __init__(self):
        self.builds = 0

    def __call__(self):
        self.builds += 1
        return {"built": self.builds, "items": [1, 2, 3]}


class TestRemember:
    def test_outside_a_content_version_it_always_builds(self):
        build = Counter()
        content_memo.remember("key", build)
        content_memo.remember("key", build)
        assert build.builds == 2

    def test_builds_once_per_key_and_version(self):
        build = Counter()
        with content_memo.content_version("v1"):
            first = content_memo.remember("key", build)
            again = content_memo.remember("key", build)
            content_memo.remember("other key", build)
        assert build.builds == 2
        assert again == first == {"built": 1, "items": [1, 2, 3]}
        with content_memo.content_version("v2"):
            assert content_memo.remember("key", build)["built"] == 3

    def test_each_caller_gets_its_own_copy(self):
        with content_memo.content_version("v1"):
            first = content_memo.remember("key", Counter())
            first["items"].append("changed by a caller")
            again = content_memo.remember("key", Counter())
        assert again["items"] == [1, 2, 3]
        assert again is not first

    def test_least_recently_used_answers_go_first(self, settings):
        settings.CONTENT_MEMO_ENTRIES = 2
        build = Counter()
        with content_memo.content_version("v1"):
            content_memo.remember("a", build)
            content_memo.remember("b", build)
            content_memo.remember("a", build)  # used again: "b" is now the oldest
            content_memo.remember("c", build)  # pushes "b" out
            assert build.builds == 3
            content_memo.remember("a", build)
            assert build.builds == 3
            content_memo.remember("b", build)
            assert build.builds == 4

    def test_only_the_newest_versions_are_kept(self):
        build = Counter()
        for version in ("v1", "v2", "v3"):
            with content_memo.content_version(version):
                content_memo.remember("key", build)
        with content_memo.content_version("v1"):
            content_memo.remember("key", build)
        assert build.builds == 4

    def test_zero_entries_turns_it_off(self, settings):
        settings.CONTENT_MEMO_ENTRIES = 0
        build = Counter()
        with content_memo.content_version("v1"):
            content_memo.remember("key", build)
            content_memo.remember("key", build)
        assert build.builds == 2

    def test_an_answer_that_cannot_be_kept_is_still_given(self, caplog):
        builds = []

        def build():
            builds.append(1)
            return lambda: "not picklable"

        with content_memo.content_version("v1"):
            assert content_memo.remember("key", build)() == "not picklable"
            assert content_memo.remember("key", build)() == "not picklable"
        assert len(builds) == 2
        assert "cannot be pickled" in caplog.text

    def test_the_version_ends_with_the_block(self):
        with content_memo.content_version("v1"):
            assert content_memo.current_version() == "v1"
        assert content_memo.current_version() is None


def queries_for(client, url):
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    return response, len(captured)


@pytest.mark.django_db
class TestTrainerChangesShowAtOnce:
    def test_routing_is_remembered_and_pages_stay_apart(self, learner, general_module):
        first, second = lessons_of(general_module)[:2]
        for look, (url, title) in enumerate(
            ((first.url, first.title), (second.url, second.title)) * 2
        ):
            response = learner.get(f"{url}?look={look}")  # a new address: built, not a copy
            assert response.status_code == 200
            assert response.context["page"].title == title
        module_page = learner.get(general_module.url)
        assert module_page.context["page"].pk == general_module.pk

    def test_a_renamed_lesson_shows_on_the_module_page(self, learner, general_module):
        lesson = lessons_of(general_module)[0]
        assert lesson.title.encode() in learner.get(general_module.url).content
        lesson.title = "Renamed by a trainer"
        lesson.save_revision().publish()
        assert b"Renamed by a trainer" in learner.get(general_module.url).content
        assert b"Renamed by a trainer" in learner.get(lesson.url).content

    def test_a_new_lesson_is_listed_and_reachable(self, learner, general_module):
        learner.get(general_module.url)
        new = LessonPageFactory(parent=general_module, title="A lesson added today", slug="added")
        assert b"A lesson added today" in learner.get(general_module.url).content
        assert learner.get(new.url).status_code == 200

    def test_an_unpublished_lesson_is_gone(self, learner, general_module):
        lesson = lessons_of(general_module)[-1]
        assert learner.get(lesson.url).status_code == 200
        lesson.unpublish()
        assert learner.get(lesson.url).status_code == 404
        assert lesson.title.encode() not in learner.get(general_module.url).content

    def test_a_changed_slug_moves_the_page(self, learner, general_module):
        lesson = lessons_of(general_module)[0]
        old_url = lesson.url
        assert learner.get(old_url).status_code == 200
        lesson.slug = "a-new-address"
        lesson.save_revision().publish()
        lesson.refresh_from_db()
        assert learner.get(old_url).status_code == 404
        assert learner.get(lesson.url).status_code == 200

    def test_a_privacy_setting_applies_at_once(self, learner, general_module):
        lesson = lessons_of(general_module)[0]
        assert learner.get(lesson.url).status_code == 200
        PageViewRestriction.objects.create(
            page=general_module, restriction_type=PageViewRestriction.PASSWORD, password="s3cret"
        )
        response = learner.get(lesson.url)
        assert response.status_code == 200
        assert b"s3cret" not in response.content
        assert "password" in response.content.decode().lower()
        assert lesson.title.encode() not in response.content.split(b"<main", 1)[-1]

    def test_footer_contacts_and_settings_follow_the_admin(self, learner, catalogue):
        learner.get("/my-training/")
        settings_row = TrainingSettings.for_site(catalogue.get_site())
        settings_row.organisation_name = "Renamed Organisation"
        settings_row.save()
        contact = HelpContact.objects.first() or HelpContact.objects.create(
            name="Training helpline", purpose="Questions about the training", phone="0100"
        )
        contact.name = "A line renamed today"
        contact.save()
        for url in ("/my-training/", "/"):
            content = learner.get(url).content
            assert b"Renamed Organisation" in content
            assert b"A line renamed today" in content


@pytest.mark.django_db
def test_a_remembered_route_costs_no_routing_query(learner, general_module):
    lesson = lessons_of(general_module)[0]
    learner.get(f"{lesson.url}?first=1")
    with CaptureQueriesContext(connection) as captured:
        assert learner.get(f"{lesson.url}?second=1").status_code == 200
    sql = [q["sql"] for q in captured]
    assert not [q for q in sql if "wagtailcore_site" in q or "wagtailcore_pageviewrestriction" in q]
    assert not [q for q in sql if '"url_path" IN' in q]
