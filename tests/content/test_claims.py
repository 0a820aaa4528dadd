"""
Claims the default content must never make, checked by their facts rather than their wording.

Every string in every data file under ``content/demo/data`` (lessons, module descriptions,
quiz questions and their feedback, scenarios, pathways, the indicator library) is split into
paragraphs and sentences, and each rule below looks for the *fact* that makes a statement wrong,
so that a reworded error is still caught (issue 18; FACTS.md 2.5, 2.6, 2.10, 2.11, 3.6):

* a recovery period mentioned without the positive reasonable grounds decision it follows;
* DPA 2018 Schedule 1 paragraph 18 ("safeguarding of ... individuals at risk"), or data
  protection law letting us share an adult's information without consent, without saying that
  this covers only adults with care and support needs;
* the 5-working-day reasonable grounds decision stated as a promise rather than a target;
* the Helpline described as answering immigration questions;
* modern slavery's recognition as abuse attributed to the Care Act rather than its statutory
  guidance;
* a child's "safeguarding referral" without consent where the NRM referral is meant;
* people judged to be adults by how they look.

The scan is parametrised per data file, so a failure names the file, the place in it and the
sentence. The rules themselves are tested first, on reworded statements, so that the scan cannot
pass because a rule has stopped matching anything.
"""

import html
import re
import tomllib
from dataclasses import dataclass
from pathlib import Path

import pytest

DATA_DIR = Path(__file__).resolve().parents[2] / "content" / "demo" / "data"
DATA_FILES = sorted(DATA_DIR.rglob("*.toml"))

_BLOCK_END = re.compile(r"</(p|li|h[1-6]|dd|dt|td|th|blockquote)>|<br\s*/?>|\n\s*\n", re.I)
_TAG = re.compile(r"<[^>]+>")
_SENTENCE_END = re.compile(r"(?<=[.!?;])\s+(?=[A-Z“\"(])")
_NEGATION = re.compile(
    r"\b(not|never|cannot|can't|doesn't|don't|isn't|no|nor|neither|rather than|instead)\b", re.I
)


def _has(pattern, text):
    return re.search(pattern, text, re.I) is not None


@dataclass(frozen=True)
class Rule:
    """One wrong claim: what a passage is about (``about``) and the fact it must then state."""

    name: str
    why: str
    level: str  # "paragraph" or "sentence"
    about: object  # text -> bool

    def is_wrong(self, text):
        return self.about(text)


def _recovery_without_rg(text):
    mentions = _has(r"recovery (and reflection )?period|reflection period|days of recovery", text)
    return mentions and not _has(r"reasonable grounds|\bRG\b", text)


def _para18_without_care_needs(text):
    para18 = _has(r"paragraph 18|\bpara\.? ?18\b|individuals at risk", text)
    shares_adults_data = (
        _has(r"data protection|\bDPA\b|GDPR|information[- ]sharing law", text)
        and _has(r"without (their |her |his |the person's )?(consent|agreement)", text)
        and _has(r"\badults?\b", text)
    )
    return (para18 or shares_adults_data) and not _has(r"care and support", text)


def _five_days_as_promise(text):
    mentions = _has(r"\b(5|five) working days\b", text)
    return mentions and not _has(
        r"\btarget|\baims?\b|where possible|not a promise|not a (legal )?(time )?limit", text
    )


def _helpline_answers_immigration(text):
    return _has(r"helpline", text) and _has(r"immigration", text) and not _NEGATION.search(text)


def _care_act_recognition(text):
    recognition = _has(
        r"recogni[sz]e[sd]?|\blist(s|ed)?\b|(category|type|form|kind) of abuse", text
    )
    return _has(r"Care Act", text) and recognition and not _has(r"statutory guidance", text)


def _child_consent_safeguarding_referral(text):
    # A child's safeguarding referral needs no consent either (DESIGN.md); the error is calling
    # the NRM referral (made by a First Responder to the Home Office) a safeguarding referral.
    return (
        _has(r"safeguarding referral", text)
        and _has(r"First Responder|Home Office|Competent Authority", text)
        and _has(r"\b(child|children|under 18|under-18s?)\b", text)
        and _has(
            r"(need|needs|needed|required) to (consent|agree)|without (needing )?(their |the "
            r"child's |his |her )?consent|no consent|consent is not needed",
            text,
        )
        and not _has(r"\bNRM\b|National Referral Mechanism", text)
    )


def _adult_by_looks(text):
    judged = _has(
        r"\b(appear|appears|look|looks|seem|seems)\s+(to be\s+)?(like\s+)?(an?\s+)?"
        r"(adults?|over\s+18|over\s+eighteen|grown[- ]ups?)\b|\blooks?\s+(older|old enough)\b",
        text,
    )
    return judged and not _has(
        r"\b(not|never|rely|relying|cannot|can't|doesn't|does not|even if|even though|"
        r"whatever|however|regardless)\b",
        text,
    )


RULES = [
    Rule(
        "recovery-period-without-reasonable-grounds",
        "The recovery period follows a positive reasonable grounds decision, not a referral "
        "(FACTS.md 2.6): say so wherever the recovery period is mentioned.",
        "paragraph",
        _recovery_without_rg,
    ),
    Rule(
        "paragraph-18-without-care-and-support-needs",
        "DPA 2018 Sch. 1 para 18 covers children and adults at risk with care and support "
        "needs only; other adults need another basis (FACTS.md 3.6).",
        "paragraph",
        _para18_without_care_needs,
    ),
    Rule(
        "five-working-days-as-a-promise",
        "Reasonable grounds decisions within 5 working days is a target, not a promise "
        "(FACTS-ADDENDUM checks (c)).",
        "sentence",
        _five_days_as_promise,
    ),
    Rule(
        "helpline-answers-immigration-questions",
        "The Modern Slavery & Exploitation Helpline does not give immigration advice.",
        "sentence",
        _helpline_answers_immigration,
    ),
    Rule(
        "care-act-recognition",
        "Modern slavery is listed as abuse in the Care and Support Statutory Guidance, not in "
        "the Care Act itself (FACTS.md 2.10).",
        "sentence",
        _care_act_recognition,
    ),
    Rule(
        "child-safeguarding-referral-for-nrm",
        "Say NRM referral where the NRM referral is meant: a child needs no consent to it.",
        "sentence",
        _child_consent_safeguarding_referral,
    ),
    Rule(
        "adult-by-appearance",
        "Never rely on how someone looks to decide they are an adult (MSA s51).",
        "sentence",
        _adult_by_looks,
    ),
]


def _strings(value, where=""):
    """Every string in a parsed TOML value, with where it sits (``stages[2].choices[0].text``)."""
    if isinstance(value, str):
        yield where, value
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from _strings(item, f"{where}.{key}" if where else key)
    elif isinstance(value, list):
        for index, item in enumerate(value):
            yield from _strings(item, f"{where}[{index}]")


def paragraphs(text):
    """Plain-text paragraphs (HTML block elements and blank lines end one)."""
    for chunk in _BLOCK_END.split(text):
        if chunk is None:
            continue
        plain = " ".join(html.unescape(_TAG.sub(" ", chunk)).split())
        if plain and not re.fullmatch(r"(p|li|h[1-6]|dd|dt|td|th|blockquote)", plain, re.I):
            yield plain


def sentences(paragraph):
    yield from (s for s in _SENTENCE_END.split(paragraph) if s)


def wrong_claims(text):
    """``(rule, passage)`` for each wrong claim in one string."""
    for paragraph in paragraphs(text):
        for rule in RULES:
            if rule.level == "paragraph":
                if rule.is_wrong(paragraph):
                    yield rule, paragraph
            else:
                for sentence in sentences(paragraph):
                    if rule.is_wrong(sentence):
                        yield rule, sentence


# --- the rules catch reworded errors and let precise statements through -------------------


@pytest.mark.parametrize(
    ("rule_name", "text"),
    [
        (
            "recovery-period-without-reasonable-grounds",
            "<p>The NRM gives a recovery period of at least 30 days.</p>",
        ),
        (
            "recovery-period-without-reasonable-grounds",
            "Once referred, a person is entitled to 30 days of recovery and support.",
        ),
        (
            "recovery-period-without-reasonable-grounds",
            "<li>Referral starts a reflection period of 45 days.</li>",
        ),
        (
            "paragraph-18-without-care-and-support-needs",
            "<p>DPA 2018 Schedule 1 paragraph 18 lets us share information about any adult at risk "
            "without consent.</p>",
        ),
        (
            "paragraph-18-without-care-and-support-needs",
            "Data protection law allows information to be shared without consent where that is "
            "necessary to protect an adult at risk from harm.",
        ),
        (
            "paragraph-18-without-care-and-support-needs",
            "The condition for safeguarding of children and individuals at risk applies here.",
        ),
        (
            "five-working-days-as-a-promise",
            "The reasonable grounds decision is expected within about 5 working days.",
        ),
        (
            "five-working-days-as-a-promise",
            "You will hear within five working days whether the Home Office accepts the case.",
        ),
        (
            "helpline-answers-immigration-questions",
            "The Helpline can also answer questions about immigration status.",
        ),
        ("helpline-answers-immigration-questions", "Call the Helpline for immigration advice."),
        (
            "care-act-recognition",
            "Modern slavery is recognised as a type of abuse under the Care Act 2014.",
        ),
        ("care-act-recognition", "The Care Act 2014 lists modern slavery as a form of abuse."),
        (
            "child-safeguarding-referral-for-nrm",
            "A First Responder sends it to the Home Office: children do not need to consent to "
            "a safeguarding referral.",
        ),
        (
            "adult-by-appearance",
            "The workers all appear to be adults, so the adult pathway applies.",
        ),
        ("adult-by-appearance", "She looks over 18."),
    ],
)
def test_a_rule_catches_the_wrong_claim_however_it_is_worded(rule_name, text):
    assert rule_name in {rule.name for rule, _passage in wrong_claims(text)}


@pytest.mark.parametrize(
    "text",
    [
        "<p>After a positive reasonable grounds decision there is a recovery period of at least "
        "30 days.</p>",
        "<p>Paragraph 18 covers children and adults at risk who have care and support needs.</p>",
        "The Home Office aims to decide within 5 working days where possible; this is a target.",
        "The Helpline does not give immigration advice; a lawyer does.",
        "The Care and Support Statutory Guidance under the Care Act 2014 lists modern slavery "
        "as abuse.",
        "A child does not need to consent to an NRM referral or a safeguarding referral.",
        "Do not rely on whether someone looks like an adult.",
        "<p>Recovery is not linear.</p>",
    ],
)
def test_a_precise_statement_passes_every_rule(text):
    assert list(wrong_claims(text)) == []


# --- every data file ----------------------------------------------------------------------


def test_the_scan_reads_lessons_questions_scenarios_and_pathways():
    folders = {path.relative_to(DATA_DIR).parts[0] for path in DATA_FILES}
    assert {"modules", "quizzes", "scenarios", "pathways"} <= folders


def _question_teaching(question):
    """What a quiz question teaches as a whole: its prompt, right answers and feedback, in one
    passage (a question may pose a misconception in its prompt and settle it in its feedback)."""
    parts = [question.get("prompt_html", ""), question.get("general_feedback_html", "")]
    for choice in question.get("choices", []):
        if choice.get("correct"):
            parts += [choice["text"], choice.get("feedback", "")]
    for pair in question.get("pairs", []):
        parts += [pair["left"], pair["right"], pair.get("feedback", "")]
    parts += question.get("items", [])
    parts += [question.get("feedback_true", ""), question.get("feedback_false", "")]
    return " ".join(" ".join(html.unescape(_TAG.sub(" ", part)).split()) for part in parts)


def _file_problems(data):
    """Wrong claims in a data file. In a quiz, a wrong option may state a misconception (that is
    what makes it wrong), and a claim counts only if the question as a whole does not settle it."""
    questions = data.get("questions") if isinstance(data.get("questions"), list) else None
    if questions is None or "draws" not in data and "pass_mark" not in data:
        return [
            (where, rule, passage)
            for where, text in _strings(data)
            for rule, passage in wrong_claims(text)
        ]
    problems = []
    for number, question in enumerate(questions):
        settled = {rule.name for rule in RULES if not rule.is_wrong(_question_teaching(question))}
        shown = dict(question)
        shown["choices"] = [
            choice if choice.get("correct") else {k: v for k, v in choice.items() if k != "text"}
            for choice in question.get("choices", [])
        ]
        for where, text in _strings(shown, f"questions[{number}]"):
            problems += [
                (where, rule, passage)
                for rule, passage in wrong_claims(text)
                if rule.name not in settled
            ]
    rest = {key: value for key, value in data.items() if key != "questions"}
    problems += [
        (where, rule, passage)
        for where, text in _strings(rest)
        for rule, passage in wrong_claims(text)
    ]
    return problems


@pytest.mark.parametrize("path", DATA_FILES, ids=[str(p.relative_to(DATA_DIR)) for p in DATA_FILES])
def test_data_file_makes_no_wrong_claim(path):
    with open(path, "rb") as handle:
        data = tomllib.load(handle)
    problems = [
        f"{where}: [{rule.name}] {passage!r}\n    {rule.why}"
        for where, rule, passage in _file_problems(data)
    ]
    assert not problems, f"{path.relative_to(DATA_DIR)}:\n" + "\n".join(problems)
