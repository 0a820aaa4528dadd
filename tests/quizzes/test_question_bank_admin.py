"""Trainers author the question bank in the admin; managers arrange extra time; learners cannot."""

import random

import pytest
from django.contrib.auth.models import Group
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils.html import escape
from django.utils.text import capfirst
from wagtail.images.models import Image
from wagtail.images.tests.utils import get_test_image_file
from wagtail.test.utils import WagtailTestUtils
from wagtail.test.utils.form_data import (
    inline_formset,
    nested_form_data,
    querydict_from_html,
    rich_text,
)

from quizzes.models import (
    FreeTextQuestion,
    MatchingQuestion,
    MultipleChoiceQuestion,
    OrderingQuestion,
    Question,
    SingleChoiceQuestion,
    TimeAllowance,
    TrueFalseQuestion,
)
from tests.factories import build_module
from tests.factories.questions import (
    build_quiz,
    category,
    free_text,
    matching,
    multiple_choice,
    ordering,
    single_choice,
    true_false,
)

LISTING_URL = "/admin/question-bank/"


def url(model, name, *args):
    return reverse(f"wagtailsnippets_quizzes_{model._meta.model_name}:{name}", args=args)


def options(*rows):
    """``options(("Right", True), ("Wrong", False))``: an options formset."""
    return inline_formset(
        [
            {"text": text, "is_correct": "on" if correct else "", "feedback": f"Because {text}"}
            for text, correct in rows
        ]
    )


def question_data(title, **fields):
    data = {
        "title": title,
        "key": "",
        "prompt": rich_text(f"<p>{title}?</p>"),
        "image": "",
        "image_alt_text": "",
        "general_feedback": rich_text("<p>The teaching point.</p>"),
        "category": "",
        "tags": "",
    }
    data.update(fields)
    return nested_form_data(data)


def single_choice_data(title="Who can refer into the NRM?", **fields):
    fields.setdefault("options", options(("A First Responder", True), ("Anyone", False)))
    return question_data(title, **fields)


FORM_DATA = {
    SingleChoiceQuestion: lambda: single_choice_data(),
    MultipleChoiceQuestion: lambda: question_data(
        "Which can be signs of exploitation?",
        scoring="partial",
        options=options(("No ID documents", True), ("Escorted", True), ("Tired", False)),
    ),
    TrueFalseQuestion: lambda: question_data(
        "A child must consent to an NRM referral",
        correct_answer="",
        feedback_true="Children do not need to consent.",
        feedback_false="Right: no consent is needed for a child.",
    ),
    OrderingQuestion: lambda: question_data(
        "Put the steps in order",
        partial_credit="on",
        items=inline_formset([{"text": "Notice"}, {"text": "Record"}, {"text": "Tell the lead"}]),
    ),
    MatchingQuestion: lambda: question_data(
        "Match each sign with its category",
        partial_credit="on",
        pairs=inline_formset(
            [
                {"left": "No ID", "right": "Few personal effects", "feedback": ""},
                {"left": "Escorted", "right": "Isolation", "feedback": ""},
            ]
        ),
    ),
    FreeTextQuestion: lambda: question_data(
        "What would you do first?",
        guidance=rich_text("<p>Safety first.</p>"),
        max_length="1500",
    ),
}


def option_texts(snapshot):
    """What a learner reads as the answers: options, steps, or items and their matches."""
    rows = snapshot.get("options", []) + snapshot.get("items", [])
    rows += snapshot.get("left", []) + snapshot.get("right", [])
    return [row["text"] for row in rows]


def form_data_from_html(html, form_id):
    """The data a browser would post from the form ``form_id`` in ``html``."""
    data = querydict_from_html(html, form_id=form_id)
    form = WagtailTestUtils.get_soup(html).find("form", attrs={"id": form_id})
    for box in form.find_all("input", type="checkbox", checked=True):
        if not box.has_attr("value"):
            data[box["name"]] = "on"  # what browsers send for a ticked box without a value
    return data


def post_new(client, model, data):
    return client.post(url(model, "add"), data)


def errors(response):
    """The error messages of the form and its formsets, for assertions."""
    form = response.context["form"]
    messages = [str(e) for errors in form.errors.values() for e in errors]
    for formset in form.formsets.values():
        messages += [str(e) for e in formset.non_form_errors()]
        for child in formset.forms:
            messages += [str(e) for errors in child.errors.values() for e in errors]
    return messages


@pytest.mark.django_db
class TestTrainerCreatesQuestions:
    @pytest.mark.parametrize("model", list(FORM_DATA), ids=lambda m: m.type_key)
    def test_trainer_creates_each_type_and_it_appears_in_the_listing(
        self, client_for, trainer, model
    ):
        client = client_for(trainer)
        data = FORM_DATA[model]()
        response = post_new(client, model, data)
        assert response.status_code == 302, errors(response)
        assert response["Location"] == LISTING_URL
        question = model.objects.get()
        assert question.title == data["title"]

        listing = client.get(LISTING_URL)
        assert listing.status_code == 200
        body = listing.content.decode()
        assert question.title in body
        assert str(capfirst(model._meta.verbose_name)) in body
        assert url(model, "edit", question.pk) in body

    def test_created_options_keep_their_order_and_correctness(self, client_for, trainer):
        response = post_new(client_for(trainer), SingleChoiceQuestion, single_choice_data())
        assert response.status_code == 302
        question = SingleChoiceQuestion.objects.get()
        assert [(o.text, o.is_correct) for o in question.options.all()] == [
            ("A First Responder", True),
            ("Anyone", False),
        ]

    def test_trainer_tags_and_categorises_a_question(self, client_for, trainer):
        signs = category("Signs")
        data = single_choice_data(category=str(signs.pk), tags="nrm, referral")
        assert post_new(client_for(trainer), SingleChoiceQuestion, data).status_code == 302
        question = SingleChoiceQuestion.objects.get()
        assert question.category == signs
        assert sorted(question.tags.names()) == ["nrm", "referral"]

    def test_trainer_edits_a_question_and_its_options(self, client_for, trainer):
        question = single_choice(title="Old title")
        option_rows = [
            {"id": str(o.pk), "text": o.text, "is_correct": "on" if o.is_correct else ""}
            for o in question.options.all()
        ]
        option_rows[0]["text"] = "A designated First Responder"
        data = single_choice_data("New title", options=inline_formset(option_rows, initial=3))
        response = client_for(trainer).post(url(SingleChoiceQuestion, "edit", question.pk), data)
        assert response.status_code == 302, errors(response)
        question.refresh_from_db()
        assert question.title == "New title"
        assert question.options.first().text == "A designated First Responder"
        assert question.options.count() == 3

    @pytest.mark.parametrize("maker", [single_choice, ordering, matching, free_text])
    def test_trainer_opens_the_views_of_a_type(self, client_for, trainer, maker):
        question = maker()
        model = type(question)
        client = client_for(trainer)
        for name, args in [("list", ()), ("edit", (question.pk,)), ("history", (question.pk,))]:
            response = client.get(url(model, name, *args))
            assert response.status_code == 200, (name, response.status_code)
        assert question.title in client.get(url(model, "list")).content.decode()

    def test_trainer_adds_a_category(self, client_for, trainer):
        client = client_for(trainer)
        response = client.post("/admin/question-bank/categories/new/", {"name": "Consent"})
        assert response.status_code == 302
        assert "Consent" in client.get("/admin/question-bank/categories/").content.decode()
        duplicate = client.post("/admin/question-bank/categories/new/", {"name": "Consent"})
        assert duplicate.status_code == 200
        assert "already exists" in duplicate.content.decode()

    def test_deleting_a_question_a_quiz_asks_warns_first(self, client_for, trainer, general_module):
        question = single_choice()
        build_quiz(general_module, [question])
        response = client_for(trainer).get(url(SingleChoiceQuestion, "delete", question.pk))
        assert "referenced 1 time" in response.content.decode()

    def test_trainer_deletes_a_question(self, client_for, trainer):
        question = ordering()
        response = client_for(trainer).post(url(OrderingQuestion, "delete", question.pk))
        assert response.status_code == 302
        assert not Question.objects.exists()


@pytest.mark.django_db
class TestInvalidQuestionsAreFormErrors:
    def assert_refused(self, response, message):
        assert response.status_code == 200
        assert any(message in error for error in errors(response)), errors(response)
        assert message in response.content.decode()
        assert not Question.objects.exists()

    def test_two_correct_single_choice_options(self, client_for, trainer):
        data = single_choice_data(options=options(("A", True), ("B", True), ("C", False)))
        response = post_new(client_for(trainer), SingleChoiceQuestion, data)
        self.assert_refused(response, "Mark exactly one option as correct (2 are marked)")

    def test_single_choice_without_a_correct_option(self, client_for, trainer):
        data = single_choice_data(options=options(("A", False), ("B", False)))
        response = post_new(client_for(trainer), SingleChoiceQuestion, data)
        self.assert_refused(response, "Mark exactly one option as correct (0 are marked)")

    def test_single_choice_with_one_option(self, client_for, trainer):
        data = single_choice_data(options=options(("A", True)))
        response = post_new(client_for(trainer), SingleChoiceQuestion, data)
        self.assert_refused(response, "Add at least two options")

    def test_deleted_options_do_not_count(self, client_for, trainer):
        rows = options(("A", True), ("B", True), ("C", False))
        rows["1"]["DELETE"] = "on"
        response = post_new(
            client_for(trainer), SingleChoiceQuestion, single_choice_data(options=rows)
        )
        assert response.status_code == 302, errors(response)
        assert [o.text for o in SingleChoiceQuestion.objects.get().options.all()] == ["A", "C"]

    def test_image_without_alt_text(self, client_for, trainer):
        image = Image.objects.create(title="Drop-in", file=get_test_image_file())
        data = single_choice_data(image=str(image.pk), image_alt_text="")
        response = post_new(client_for(trainer), SingleChoiceQuestion, data)
        self.assert_refused(response, "Describe the image for screen readers.")
        assert response.context["form"].errors["image_alt_text"]

    def test_image_with_alt_text_is_accepted(self, client_for, trainer):
        image = Image.objects.create(title="Drop-in", file=get_test_image_file())
        data = single_choice_data(image=str(image.pk), image_alt_text="A busy drop-in centre")
        assert post_new(client_for(trainer), SingleChoiceQuestion, data).status_code == 302

    def test_multiple_choice_without_a_wrong_option(self, client_for, trainer):
        data = question_data("Signs?", scoring="partial", options=options(("A", True), ("B", True)))
        response = post_new(client_for(trainer), MultipleChoiceQuestion, data)
        self.assert_refused(response, "Add at least one wrong option")

    def test_multiple_choice_without_a_correct_option(self, client_for, trainer):
        data = question_data(
            "Signs?", scoring="partial", options=options(("A", False), ("B", False))
        )
        response = post_new(client_for(trainer), MultipleChoiceQuestion, data)
        self.assert_refused(response, "Mark at least one option as correct.")

    def test_ordering_with_one_step(self, client_for, trainer):
        data = question_data("Order", items=inline_formset([{"text": "Only step"}]))
        response = post_new(client_for(trainer), OrderingQuestion, data)
        self.assert_refused(response, "Add at least two steps")

    def test_matching_with_one_pair(self, client_for, trainer):
        pairs = inline_formset([{"left": "No ID", "right": "Few effects", "feedback": ""}])
        response = post_new(client_for(trainer), MatchingQuestion, question_data("M", pairs=pairs))
        self.assert_refused(response, "Add at least two pairs")

    def test_matching_with_the_same_match_twice(self, client_for, trainer):
        pairs = inline_formset(
            [
                {"left": "No ID", "right": "Isolation", "feedback": ""},
                {"left": "Escorted", "right": "isolation ", "feedback": ""},
            ]
        )
        response = post_new(client_for(trainer), MatchingQuestion, question_data("M", pairs=pairs))
        self.assert_refused(response, "Another item already has the match “isolation”")
        pair_forms = response.context["form"].formsets["pairs"].forms
        assert pair_forms[1].errors["right"]

    def test_a_key_another_question_uses(self, client_for, trainer):
        true_false(key="child-consent")
        data = single_choice_data(key="child-consent")
        response = post_new(client_for(trainer), SingleChoiceQuestion, data)
        assert response.status_code == 200
        assert "Another question already has the key “child-consent”" in errors(response)[0]
        assert not SingleChoiceQuestion.objects.exists()


@pytest.mark.django_db
class TestListing:
    def titles(self, client, **params):
        response = client.get(LISTING_URL, params)
        assert response.status_code == 200
        return {str(question) for question in response.context["object_list"]}

    @pytest.fixture
    def bank(self, general_module):
        signs = category("Signs")
        asked = single_choice(title="Asked single", category=signs)
        asked.tags.add("nrm")
        tf = true_false(title="Unused true-false", category=signs)
        tf.tags.add("consent")
        order = ordering(title="Unused ordering")
        order.tags.add("nrm")
        quiz = build_quiz(general_module, [asked])
        return {"signs": signs, "quiz": quiz}

    def test_lists_every_type(self, client_for, trainer, bank):
        assert self.titles(client_for(trainer)) == {
            "Asked single",
            "Unused true-false",
            "Unused ordering",
        }

    def test_filters_by_type(self, client_for, trainer, bank):
        assert self.titles(client_for(trainer), type="true_false") == {"Unused true-false"}

    def test_filters_by_category(self, client_for, trainer, bank):
        titles = self.titles(client_for(trainer), category=bank["signs"].pk)
        assert titles == {"Asked single", "Unused true-false"}

    def test_filters_by_tag(self, client_for, trainer, bank):
        assert self.titles(client_for(trainer), tag="nrm") == {"Asked single", "Unused ordering"}

    def test_shows_tags(self, client_for, trainer, bank):
        assert "consent" in client_for(trainer).get(LISTING_URL).content.decode()

    def test_filters_by_use_in_quizzes(self, client_for, trainer, bank):
        client = client_for(trainer)
        assert self.titles(client, quiz="any") == {"Asked single"}
        assert self.titles(client, quiz="none") == {"Unused true-false", "Unused ordering"}
        assert self.titles(client, quiz=bank["quiz"].pk) == {"Asked single"}

    def test_searches_title_and_prompt(self, client_for, trainer, bank):
        SingleChoiceQuestion.objects.filter(title="Asked single").update(
            prompt="<p>Who can make a referral?</p>"
        )
        client = client_for(trainer)
        assert self.titles(client, q="ordering") == {"Unused ordering"}
        assert self.titles(client, q="referral") == {"Asked single"}

    def test_add_question_offers_every_type(self, client_for, trainer):
        body = client_for(trainer).get(LISTING_URL).content.decode()
        assert "Add question" in body
        for model in FORM_DATA:
            assert url(model, "add") in body

    def test_query_count_is_the_same_for_5_and_50_questions(self, client_for, trainer):
        """Rows are plain questions; tags come in one query; types cost nothing."""
        client = client_for(trainer)
        makers = [single_choice, multiple_choice, true_false, ordering, matching, free_text]

        def measure(size):
            Question.objects.all().delete()
            for i in range(size):
                makers[i % len(makers)](title=f"Q{i:03}").tags.add("nrm", f"tag-{i % 4}")
            client.get(LISTING_URL)  # fills per-process caches (content types)
            with CaptureQueriesContext(connection) as queries:
                response = client.get(LISTING_URL)
            assert len(response.context["object_list"]) == min(size, 20)
            return len(queries)

        assert measure(5) == measure(50)


@pytest.mark.django_db
class TestPreview:
    def test_preview_of_a_new_question_shows_options_and_no_answer(self, client_for, trainer):
        client = client_for(trainer)
        preview_url = url(SingleChoiceQuestion, "preview_on_add")
        data = single_choice_data(
            "Who can refer?", options=options(("A First Responder", True), ("Anyone", False))
        )
        assert client.post(preview_url, data).json()["is_valid"]
        body = client.get(preview_url).content.decode()
        assert "Who can refer?" in body
        assert "A First Responder" in body and "Anyone" in body
        self.assert_no_answer_marked(body)
        assert not Question.objects.exists()

    @pytest.mark.parametrize(
        "maker", [single_choice, multiple_choice, true_false, ordering, matching, free_text]
    )
    def test_preview_of_a_saved_question_looks_like_the_learner_page(
        self, client_for, trainer, maker
    ):
        question = maker()
        model = type(question)
        client = client_for(trainer)
        preview_url = url(model, "preview_on_edit", question.pk)
        edit = client.get(url(model, "edit", question.pk)).content.decode()
        assert preview_url in edit
        # As the editor's preview panel does: send the form as it stands, then show it.
        form_data = form_data_from_html(edit, "w-editor-form")
        assert client.post(preview_url, form_data).json()["is_valid"]
        body = client.get(preview_url).content.decode()
        assert question.title in body
        snapshot = question.snapshot(random.Random(0), shuffle_choices=False)
        for text in option_texts(snapshot):
            assert escape(text) in body
        self.assert_no_answer_marked(body)

    def test_preview_of_unsaved_steps_gives_each_step_its_own_answer(self, client_for, trainer):
        client = client_for(trainer)
        preview_url = url(OrderingQuestion, "preview_on_add")
        data = question_data(
            "Order", items=inline_formset([{"text": "Notice"}, {"text": "Record"}])
        )
        assert client.post(preview_url, data).json()["is_valid"]
        body = client.get(preview_url).content.decode()
        assert body.count('<select name="position_') == 2

    def test_preview_shows_the_image_with_its_alternative_text(self, client_for, trainer):
        image = Image.objects.create(title="Drop-in", file=get_test_image_file())
        client = client_for(trainer)
        preview_url = url(SingleChoiceQuestion, "preview_on_add")
        data = single_choice_data(image=str(image.pk), image_alt_text="A busy drop-in centre")
        assert client.post(preview_url, data).json()["is_valid"]
        assert 'alt="A busy drop-in centre"' in client.get(preview_url).content.decode()

    def test_an_invalid_question_cannot_be_previewed(self, client_for, trainer):
        client = client_for(trainer)
        preview_url = url(SingleChoiceQuestion, "preview_on_add")
        data = single_choice_data(options=options(("A", True), ("B", True)))
        assert not client.post(preview_url, data).json()["is_valid"]

    def assert_no_answer_marked(self, body):
        for marker in ("RIGHT-FEEDBACK", "WRONG-FEEDBACK", "PAIR-FEEDBACK", "TF-FEEDBACK"):
            assert marker not in body
        assert "Because " not in body  # option feedback of form-made questions
        assert "checked" not in body
        assert "correct" not in body.lower()


@pytest.mark.django_db
class TestWhoMayAuthor:
    @pytest.mark.parametrize("who", ["volunteer", "caseworker", "manager"])
    def test_others_cannot_create_questions(self, client_for, request, who):
        client = client_for(request.getfixturevalue(who))
        response = post_new(client, SingleChoiceQuestion, single_choice_data())
        assert response.status_code in (302, 403)
        assert not Question.objects.exists()
        assert client.get(url(SingleChoiceQuestion, "add")).status_code in (302, 403)

    @pytest.mark.parametrize("who", ["volunteer", "manager"])
    def test_others_do_not_see_the_question_listing(self, client_for, request, who):
        client = client_for(request.getfixturevalue(who))
        response = client.get(LISTING_URL)
        assert response.status_code in (302, 403)
        assert "Asked single" not in response.content.decode()

    def test_trainers_hold_every_question_bank_permission(self):
        trainers = Group.objects.get(name="Trainers")
        codenames = set(trainers.permissions.values_list("codename", flat=True))
        for model in (*FORM_DATA, Question):
            for action in ("add", "change", "delete", "view"):
                assert f"{action}_{model._meta.model_name}" in codenames
        assert "add_questioncategory" in codenames
        # Access arrangements are learners' personal data: managers', not trainers'.
        assert not {c for c in codenames if c.endswith("_timeallowance")}


@pytest.mark.django_db
class TestExtraTime:
    ADD_URL = "/admin/question-bank/extra-time/new/"

    def extra_time_data(self, learner, quiz=None, minutes=15):
        return {
            "user": str(learner.pk),
            "quiz": str(quiz.pk) if quiz else "",
            "extra_minutes": str(minutes),
            "reason": "Dyslexia",
        }

    @pytest.mark.parametrize("who", ["manager"])
    def test_managers_grant_extra_time(self, client_for, request, who, volunteer):
        client = client_for(request.getfixturevalue(who))
        assert client.get(self.ADD_URL).status_code == 200
        response = client.post(self.ADD_URL, self.extra_time_data(volunteer))
        assert response.status_code == 302, response.context["form"].errors
        allowance = TimeAllowance.objects.get()
        assert (allowance.user, allowance.quiz, allowance.extra_minutes) == (volunteer, None, 15)

    def test_managers_see_extra_time_but_not_the_questions(self, client_for, manager, volunteer):
        TimeAllowance.objects.create(user=volunteer, extra_minutes=20)
        client = client_for(manager)
        listing = client.get("/admin/question-bank/extra-time/")
        assert listing.status_code == 200
        assert "Every timed quiz" in listing.content.decode()
        assert client.get("/admin/question-bank/categories/").status_code == 302

    def test_extra_time_for_a_quiz(self, client_for, manager, volunteer, quiz):
        response = client_for(manager).post(self.ADD_URL, self.extra_time_data(volunteer, quiz))
        assert response.status_code == 302
        assert TimeAllowance.objects.get().quiz_id == quiz.pk

    def test_volunteers_cannot_grant_extra_time(self, client_for, volunteer):
        response = client_for(volunteer).post(self.ADD_URL, self.extra_time_data(volunteer))
        assert response.status_code in (302, 403)
        assert not TimeAllowance.objects.exists()

    @pytest.mark.parametrize("for_quiz", [False, True])
    def test_a_second_allowance_for_the_same_quizzes_is_a_clear_error(
        self, client_for, manager, volunteer, quiz, for_quiz
    ):
        chosen = quiz if for_quiz else None
        TimeAllowance.objects.create(user=volunteer, quiz=chosen, extra_minutes=10)
        response = client_for(manager).post(self.ADD_URL, self.extra_time_data(volunteer, chosen))
        assert response.status_code == 200
        assert "already has extra time" in response.content.decode()
        assert "Constraint" not in response.content.decode()
        assert TimeAllowance.objects.count() == 1

    def test_managers_choose_learners_but_volunteers_cannot(self, client_for, manager, volunteer):
        chooser = reverse("learner_chooser:choose")
        response = client_for(manager).get(chooser, {"q": "volunteer"})
        assert response.status_code == 200
        assert "volunteer" in response.json()["html"]
        chosen = client_for(manager).get(reverse("learner_chooser:chosen", args=[volunteer.pk]))
        assert volunteer.get_full_name() in chosen.json()["result"]["title"]
        assert client_for(volunteer).get(chooser).status_code in (302, 403)


@pytest.mark.django_db
class TestQuizPageChoosesQuestions:
    def test_the_chooser_lists_questions_of_every_type(self, client_for, trainer):
        single_choice(title="A single choice")
        ordering(title="An ordering")
        response = client_for(trainer).get(reverse("question_chooser:choose"))
        assert response.status_code == 200
        html = response.json()["html"]
        assert "A single choice" in html and "An ordering" in html

    def test_the_chooser_searches_and_filters_by_type(self, client_for, trainer):
        single_choice(title="A single choice")
        ordering(title="An ordering")
        client = client_for(trainer)
        results = reverse("question_chooser:choose_results")
        by_type = client.get(results, {"type": "ordering"}).content.decode()
        assert "An ordering" in by_type and "A single choice" not in by_type
        searched = client.get(results, {"q": "single"}).content.decode()
        assert "A single choice" in searched and "An ordering" not in searched

    def test_choosing_returns_the_question(self, client_for, trainer):
        question = matching(title="A matching")
        response = client_for(trainer).get(reverse("question_chooser:chosen", args=[question.pk]))
        result = response.json()["result"]
        assert result["id"] == str(question.pk)
        assert result["title"] == "A matching"
        assert result["edit_url"] == url(MatchingQuestion, "edit", question.pk)

    def test_the_quiz_page_editor_uses_the_chooser(self, client_for, trainer, quiz):
        response = client_for(trainer).get(reverse("wagtailadmin_pages:edit", args=[quiz.pk]))
        assert response.status_code == 200
        assert reverse("question_chooser:choose") in response.content.decode()

    def test_a_question_chosen_for_a_quiz_page_is_saved(self, client_for, trainer, catalogue):
        module = build_module(catalogue, slug="chooser-module", lessons=1)
        first, second = single_choice(title="First"), ordering(title="Second")
        quiz = build_quiz(module, [first])
        client = client_for(trainer)
        edit_url = reverse("wagtailadmin_pages:edit", args=[quiz.pk])
        data = form_data_from_html(client.get(edit_url).content.decode(), "page-edit-form")
        questions = inline_formset(
            [
                {"id": str(quiz.quiz_questions.get().pk), "question": str(first.pk)},
                {"question": str(second.pk)},
            ],
            initial=1,
        )
        for key, value in nested_form_data({"quiz_questions": questions}).items():
            data[key] = value  # replaces, where QueryDict.update() would append
        response = client.post(edit_url, data)
        assert response.status_code == 302, response.context["form"].errors
        quiz.refresh_from_db()
        revision = quiz.get_latest_revision_as_object()
        assert [q.question_id for q in revision.quiz_questions.all()] == [first.pk, second.pk]
