"""The assessment quality check catches each flaw that lets a learner pass without knowing."""

import json

import pytest
from django.core.management import CommandError, call_command

from quizzes.models import ScenarioQuestion
from quizzes.models.scenarios import ScenarioUse
from quizzes.quality import (
    QuizBank,
    at_least_chance,
    guessing_odds,
    question_warnings,
    quiz_warnings,
    rule_broken_by,
)
from tests.factories.questions import (
    build_quiz,
    free_text,
    multiple_choice,
    scenario,
    scenario_stages,
    single_choice,
    true_false,
)

WRONG = ["Tell a colleague at the next team meeting", "Ask the person's friend to explain"]


def bank(questions, *, shuffle_choices=True, pools=(), pass_mark=80):
    return QuizBank(
        quiz_id=None,
        title="Test quiz",
        pass_mark=pass_mark,
        shuffle_choices=shuffle_choices,
        fixed=list(questions),
        pools=list(pools),
    )


def codes(warnings):
    return {w.code for w in warnings}


def plain_single(number, right, wrong):
    return single_choice(title=f"Q{number}", right=right, wrong=wrong)


@pytest.mark.django_db
class TestAcrossAQuiz:
    def test_right_option_longest_beyond_chance_is_flagged(self):
        questions = [
            plain_single(
                n, f"Speak to the anti-trafficking lead the same day ({n})", ["No", "Wait"]
            )
            for n in range(8)
        ]
        assert "right-option-longest" in codes(quiz_warnings(bank(questions)))

    def test_right_option_longest_as_often_as_chance_passes(self):
        questions = []
        for n in range(8):
            options = ["Short one", "A middling option here", "The longest option of all here"]
            right = options[n % 3]
            questions.append(plain_single(n, right, [o for o in options if o != right]))
        found = codes(quiz_warnings(bank(questions)))
        assert "right-option-longest" not in found and "right-option-shortest" not in found

    def test_right_option_shortest_beyond_chance_is_flagged(self):
        questions = [
            plain_single(n, f"Ask {n}", ["A much longer wrong option", "Another long wrong one"])
            for n in range(8)
        ]
        assert "right-option-shortest" in codes(quiz_warnings(bank(questions)))

    def test_right_option_in_the_same_place_is_flagged_when_options_are_not_shuffled(self):
        # The factory creates the right option first; the lengths are kept equal.
        questions = [
            plain_single(n, f"Option A{n}", [f"Option B{n}", f"Option C{n}"]) for n in range(8)
        ]
        assert "right-option-first" in codes(quiz_warnings(bank(questions, shuffle_choices=False)))
        assert "right-option-first" not in codes(quiz_warnings(bank(questions)))

    def test_true_false_answers_outside_35_to_65_percent_true_are_flagged(self):
        all_false = [true_false(title=f"S{n}", answer=False) for n in range(5)]
        assert "true-false-unbalanced" in codes(quiz_warnings(bank(all_false)))
        balanced = [true_false(title=f"T{n}", answer=n % 2 == 0) for n in range(6)]
        assert "true-false-unbalanced" not in codes(quiz_warnings(bank(balanced)))

    def test_the_same_number_of_right_options_in_most_multiple_choice_is_flagged(self):
        same = [
            multiple_choice(title=f"M{n}", right=("aa", "bb", "cc"), wrong=("dd", "ee"))
            for n in range(5)
        ]
        assert "same-number-right" in codes(quiz_warnings(bank(same)))
        varied = [
            multiple_choice(
                title=f"V{n}",
                right=("aa", "bb", "cc", "dd")[: n % 4 + 1],
                wrong=("ee", "ff", "gg", "hh")[: 5 - (n % 4 + 1)],
            )
            for n in range(8)
        ]
        assert "same-number-right" not in codes(quiz_warnings(bank(varied)))

    def test_right_options_longer_in_multiple_choice_is_flagged(self):
        questions = [
            multiple_choice(
                title=f"L{n}",
                right=("A long and careful right answer", "Another long careful right answer"),
                wrong=("No", "Never"),
            )
            for n in range(6)
        ]
        assert "right-options-longer" in codes(quiz_warnings(bank(questions)))

    def test_a_pool_smaller_than_twice_its_draw_is_flagged(self):
        questions = [
            plain_single(n, f"Option A{n}", [f"Option B{n}", f"Opt C{n}"]) for n in range(3)
        ]
        small = bank([], pools=[("Signs", questions, 2)])
        assert "small-pool" in codes(quiz_warnings(small))
        assert "small-pool" not in codes(quiz_warnings(bank([], pools=[("Signs", questions, 1)])))

    def test_a_practice_scenario_asked_in_a_quiz_is_flagged(self):
        practice = scenario(use=ScenarioUse.PRACTICE)
        assert "practice-scenario-assessed" in codes(quiz_warnings(bank([practice])))

    def test_a_quiz_passable_by_guessing_is_flagged_with_its_odds(self):
        two_true_false = [true_false(title="A", answer=True), true_false(title="B", answer=False)]
        odds = guessing_odds(bank(two_true_false))
        assert odds.expected_score == 50.0
        assert odds.pass_chance == pytest.approx(0.25)
        assert "passable-by-guessing" in codes(quiz_warnings(bank(two_true_false)))

    def test_guessing_odds_of_a_long_quiz_are_tiny(self):
        questions = [
            plain_single(n, f"Right {n}", [f"Wrong {n}", f"Other {n}", f"Else {n}"])
            for n in range(20)
        ]
        odds = guessing_odds(bank(questions))
        assert odds.expected_score == 25.0
        # P(at least 16 of 20 right at 1 in 4) = about 3.6e-7.
        assert odds.pass_chance == pytest.approx(at_least_chance(16, [0.25] * 20), rel=1e-6)
        assert "passable-by-guessing" not in codes(quiz_warnings(bank(questions)))

    def test_reflective_questions_are_not_scored_by_the_guesser(self):
        odds = guessing_odds(bank([free_text(), true_false()]))
        assert odds.questions_per_attempt == 1


@pytest.mark.django_db
class TestOneQuestion:
    @pytest.mark.parametrize(
        "option", ["All of the above", "None of these", "Both of these", "none of the above."]
    )
    def test_all_or_none_of_the_above_is_flagged(self, option):
        question = single_choice(right=option, wrong=["Call 999", "Tell the lead"])
        assert "all-or-none-of-the-above" in codes(question_warnings(question))

    def test_near_duplicate_options_are_flagged(self):
        question = single_choice(
            right="Tell the anti-trafficking lead the same day",
            wrong=["Tell the anti-trafficking lead the same day.", "Call 999"],
        )
        assert "near-duplicate-options" in codes(question_warnings(question))

    def test_short_labels_that_differ_are_not_duplicates(self):
        question = single_choice(right="Section 1", wrong=["Section 51", "Section 52"])
        assert "near-duplicate-options" not in codes(question_warnings(question))

    def test_a_scenario_used_for_practice_and_assessment_is_flagged(self):
        assert "scenario-practised-and-assessed" in codes(
            question_warnings(scenario(use=ScenarioUse.BOTH))
        )
        assert not question_warnings(scenario(title="Kept apart", use=ScenarioUse.ASSESSED))


def scenario_with_option(text, feedback="f", *, critical=False, pathway="adults"):
    stages = scenario_stages()
    stages[1]["value"]["options"].append(
        {
            "key": "extra",
            "text": text,
            "pathway_step": "" if critical else f"{pathway}:follow-up",
            "points": 0,
            "critical": critical,
            "recommended": False,
            "feedback": feedback,
            "next": "",
        }
    )
    question = ScenarioQuestion(
        title="Rule test",
        prompt="<p>x</p>",
        pathway_key=pathway,
        use=ScenarioUse.ASSESSED,
        stages=json.dumps(stages),
    )
    question.save()
    return question


@pytest.mark.django_db
class TestCoreRules:
    @pytest.mark.parametrize(
        "text",
        [
            "Tell her she must leave him today for her own safety.",
            "Advise him that he has to go to the police.",
            "Ask her husband to interpret so that she feels at ease.",
            "Go and confront the man in the car park.",
            "Offer to fill in the NRM form for her yourself.",
            "Promise her you will not tell anyone.",
        ],
    )
    def test_an_option_that_breaks_a_core_rule_but_is_not_critical_is_flagged(self, text):
        assert rule_broken_by(text)
        question = scenario_with_option(text)
        assert "core-rule-not-critical" in codes(question_warnings(question))

    @pytest.mark.parametrize(
        "text",
        ["Wait and see whether it happens again.", "Treat him as an adult, as he says he is 19."],
    )
    def test_with_a_child_delay_or_treating_as_adult_must_be_critical(self, text):
        question = scenario_with_option(text, pathway="children")
        assert "core-rule-not-critical" in codes(question_warnings(question))

    def test_feedback_that_says_a_rule_was_broken_must_be_critical(self):
        question = scenario_with_option("Ring her at home tonight.", "This breaks a core rule.")
        assert "core-rule-not-critical" in codes(question_warnings(question))

    def test_the_same_option_marked_critical_passes(self):
        question = scenario_with_option(
            "Tell her she must leave him today.", "It takes her choice away.", critical=True
        )
        assert "core-rule-not-critical" not in codes(question_warnings(question))

    @pytest.mark.parametrize(
        "text",
        [
            "Do not confront him; tell the lead.",
            "Book a professional interpreter rather than letting her husband interpret.",
            "Tell the lead, who can ask a First Responder to make the NRM referral.",
        ],
    )
    def test_safe_wording_is_not_flagged(self, text):
        assert rule_broken_by(text) == ""


@pytest.mark.django_db
class TestScenarioSets:
    def test_recommended_option_longest_and_first_are_flagged(self):
        scenarios = []
        for n in range(4):
            stages = scenario_stages()
            for stage in stages:
                options = stage["value"].get("options")
                if not options:
                    continue
                for option in options:
                    if option["recommended"]:
                        option["text"] = "A much longer and more careful recommended action"
                options.sort(key=lambda o: not o["recommended"])
            question = ScenarioQuestion(
                title=f"S{n}",
                prompt="<p>x</p>",
                use=ScenarioUse.ASSESSED,
                stages=json.dumps(stages),
            )
            question.save()
            scenarios.append(question)
        found = codes(quiz_warnings(bank(scenarios)))
        assert {"recommended-option-longest", "recommended-option-first"} <= found

    def test_scenarios_all_of_one_shape_are_flagged_and_varied_ones_pass(self):
        same = [scenario(title=f"Same {n}", use=ScenarioUse.ASSESSED) for n in range(3)]
        assert "scenarios-one-shape" in codes(quiz_warnings(bank(same)))


@pytest.mark.django_db
def test_the_command_lists_warnings_and_fails(catalogue, quiz_module):
    build_quiz(
        quiz_module,
        [true_false(title=f"S{n}", answer=False) for n in range(4)],
        slug="quality-quiz",
    )
    with pytest.raises(CommandError, match="assessment quality warning"):
        call_command("check_assessment_quality")
    call_command("check_assessment_quality", "--warn-only")
