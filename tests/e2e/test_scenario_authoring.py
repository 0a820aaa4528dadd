"""
A trainer writes a new branching scenario in the admin without typing a single key: stage and
option keys fill in from their titles, indicators and pathway steps come from selects filled
from the libraries, and each "next stage" is picked from this scenario's own stages. A first
save with a stage left unlinked is refused: the problem is listed at the top and shown at its
field, and the branch map marks the stage as unreachable. Linked up and saved, the branch map
marks the recommended path, the critical option and the dead end; it reads the same without
JavaScript. axe checks the parts built for this (the error summary, the stage selects and the
map), and screenshots at 1280 and 768 px go to screenshots/.
"""

import re

import pytest
from playwright.sync_api import expect

from tests.e2e.axe import AXE_SCRIPT, WCAG_TAGS, describe
from tests.e2e.conftest import SCREENSHOTS
from tests.e2e.learner import click_and_wait, sign_in
from tests.e2e.test_trainer_journey import fill_rich_text, open_menu

pytestmark = pytest.mark.e2e

TITLE = "Car wash on the ring road"
SIGNS_TITLE = "What do you notice at the car wash?"
ACT_TITLE = "The manager answers for everyone"
FOLLOW_TITLE = "Afterwards"


def field(page, name):
    return page.locator(f"[name='{name}']")


def add_stage(page, kind, number):
    """Append a stage of ``kind`` (its label); wait for its title field."""
    stages = page.locator("[data-contentpath=stages]")
    stages.locator("button[title='Insert a block']").last.click()
    page.get_by_role("option", name=kind, exact=True).click()
    title = field(page, f"stages-{number}-value-title")
    expect(title).to_be_visible()
    return title


def add_option(page, stage, number):
    """Add option ``number`` to decision ``stage`` with the list's own Add button."""
    options = page.locator("[data-contentpath=options]").filter(
        has=field(page, f"stages-{stage}-value-options-0-value-text")
    )
    options.locator("button[data-streamfield-list-add]").last.click()
    expect(field(page, f"stages-{stage}-value-options-{number}-value-text")).to_be_visible()


def select_by_label(select, pattern):
    """Choose the option whose label matches ``pattern`` (no value is typed or known)."""
    labels = select.locator("option").all_inner_texts()
    label = next(text for text in labels if re.search(pattern, text))
    select.select_option(label=label)
    return label


def write_option(
    page,
    stage,
    number,
    text,
    *,
    step=True,
    critical=False,
    recommended=False,
    points=0,
    next_stage=None,
):
    prefix = f"stages-{stage}-value-options-{number}-value-"
    if number:
        add_option(page, stage, number)
    field(page, prefix + "text").fill(text)
    if step:
        # The first step of the first live pathway: picked, never typed.
        field(page, prefix + "pathway_step").select_option(index=1)
    if critical:
        field(page, prefix + "critical").check()
    if recommended:
        field(page, prefix + "recommended").check()
    field(page, prefix + "points").fill(str(points))
    field(page, prefix + "feedback").fill(f"Why: {text}.")
    if next_stage:
        # The select that replaced the "next stage" input, by its label.
        select = page.locator(f"select#{prefix}next")
        select_by_label(select, next_stage)


def write_scenario(page, site):
    page.goto(site.url("/admin/"))
    open_menu(page, "Question bank")
    click_and_wait(page, page.get_by_role("link", name="All questions"))
    page.get_by_role("button", name="Add a question of one of these types").click()
    click_and_wait(page, page.get_by_role("link", name=re.compile(r"scenario", re.I)).first)
    page.locator("input[name=title]").fill(TITLE)
    page.locator("select[name=setting]").select_option(label="Food distribution")
    fill_rich_text(
        page, page.locator("[data-contentpath=prompt]").first, "Cars queue while men work fast."
    )

    add_stage(page, "Spot the signs", 0).fill(SIGNS_TITLE)
    expect(field(page, "stages-0-value-key")).to_have_value("what-do-you-notice-at-the-car-wash")
    fill_rich_text(
        page,
        page.locator("[data-contentpath=stages] [data-contentpath=prompt]").nth(0),
        "Pick what could be a sign.",
    )
    field(page, "stages-0-value-observations-0-value-text").fill("No one has gloves or boots")
    field(page, "stages-0-value-observations-0-value-indicator").select_option(index=1)
    field(page, "stages-0-value-observations-0-value-explanation").fill("Unsafe work.")

    add_stage(page, "Decision", 1).fill(ACT_TITLE)
    fill_rich_text(
        page,
        page.locator("[data-contentpath=stages] [data-contentpath=prompt]").nth(1),
        "What do you do?",
    )
    write_option(
        page,
        1,
        0,
        "Tell your lead what you saw",
        recommended=True,
        points=2,
    )
    write_option(page, 1, 1, "Ask the manager why they have no gloves", step=False, critical=True)
    write_option(page, 1, 2, "Say nothing and drive off")

    add_stage(page, "Decision", 2).fill(FOLLOW_TITLE)
    fill_rich_text(
        page,
        page.locator("[data-contentpath=stages] [data-contentpath=prompt]").nth(2),
        "What next?",
    )
    write_option(page, 2, 0, "Write down what you saw", recommended=True, points=2)
    write_option(page, 2, 1, "Forget about it")
    # The first decision's first option was written before "Afterwards" existed: link it now.
    select_by_label(page.locator("select#stages-1-value-options-0-value-next"), FOLLOW_TITLE)


def run_axe_on(page, selectors):
    """axe on the parts of the page this work built (the rest is Wagtail's own)."""
    page.add_script_tag(path=AXE_SCRIPT)
    results = page.evaluate(
        "([include, tags]) => axe.run({include}, {runOnly: {type: 'tag', values: tags}})",
        [[[selector] for selector in selectors], WCAG_TAGS],
    )
    assert results["passes"], "axe ran no WCAG rule here"
    return results["violations"]


def save(page):
    click_and_wait(page, page.locator("footer").get_by_role("button", name="Save"))


def test_trainer_writes_a_branching_scenario_with_selects_and_reads_its_branch_map(
    site, new_context
):
    SCREENSHOTS.mkdir(exist_ok=True)
    page = new_context("desktop", bypass_csp=True).new_page()
    sign_in(page, site, "trainer")
    write_scenario(page, site)

    # No key was typed: every one filled in from its title or text.
    assert field(page, "stages-1-value-key").input_value() == "the-manager-answers-for-everyone"
    assert field(page, "stages-1-value-options-2-value-key").input_value() == (
        "say-nothing-and-drive-off"
    )

    # First save: the first stage leads nowhere yet, so no path reaches the decisions.
    save(page)
    summary = page.locator(".scenario-error-summary")
    expect(summary).to_be_visible()
    expect(summary).to_contain_text("No path reaches the stage “the-manager-answers")
    expect(summary.get_by_role("link").first).to_have_attribute("href", re.compile("#stages-1"))
    # The same problem beside the stage it concerns (Wagtail unfolds a stage with an error).
    stages = page.locator("[data-contentpath=stages]")
    expect(stages.get_by_text("No path reaches the stage “afterwards”.")).to_be_visible()
    branch_map = page.locator("[data-branch-map]")
    expect(branch_map.locator("[data-mark=unreachable]").first).to_be_visible()
    expect(branch_map).to_contain_text(f"Unreachable: no path leads to stage 2, “{ACT_TITLE}”.")
    violations = run_axe_on(page, [".scenario-error-summary", "[data-branch-map]"])
    assert not violations, describe(violations)
    page.set_viewport_size({"width": 1280, "height": 800})
    summary.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "scenario-errors-1280.png")
    page.set_viewport_size({"width": 768, "height": 900})
    summary.scroll_into_view_if_needed()
    page.screenshot(path=SCREENSHOTS / "scenario-errors-768.png")
    page.set_viewport_size({"width": 1280, "height": 800})

    # Link the first stage to the decision with its select, and save.
    next_select = page.locator("select#stages-0-value-next")
    expect(next_select).to_be_attached()
    if not next_select.is_visible():  # stages start folded: unfold the first one
        stage = page.locator(".w-panel", has=next_select).last
        stage.locator("button.w-panel__toggle").first.click()
    expect(next_select).to_be_visible()
    select_by_label(next_select, ACT_TITLE)
    violations = run_axe_on(page, ["select#stages-0-value-next"])
    assert not violations, describe(violations)
    save(page)
    expect(page.get_by_text(re.compile(rf"{TITLE}.*created"))).to_be_visible()

    # The branch map on the edit page.
    click_and_wait(page, page.get_by_role("link", name="Edit", exact=True).first)
    edit_url = page.url
    branch_map = page.locator("[data-branch-map]")
    expect(branch_map.locator("[data-map-recommended]")).to_have_text(
        re.compile(
            rf"Recommended path:\s*1\. {re.escape(SIGNS_TITLE)} → 2\. {ACT_TITLE} → "
            rf"3\. {FOLLOW_TITLE}\."
        )
    )
    tell = branch_map.locator("[data-option=tell-your-lead-what-you-saw]")
    expect(tell.locator("[data-mark=recommended]")).to_have_text(re.compile("Recommended path"))
    ask = branch_map.locator("[data-option=ask-the-manager-why-they-have-no-gloves]")
    expect(ask.locator("[data-mark=critical]")).to_have_text(re.compile("Critical error"))
    expect(ask).to_contain_text("Ends the scenario: failed")
    drive_off = branch_map.locator("[data-option=say-nothing-and-drive-off]")
    expect(drive_off.locator("[data-mark=dead-end]")).to_have_text(re.compile("Dead end"))
    expect(branch_map.locator("[data-mark=unreachable]")).to_have_count(0)
    violations = run_axe_on(page, ["[data-branch-map]"])
    assert not violations, describe(violations)
    for width in (1280, 768):
        page.set_viewport_size({"width": width, "height": 900})
        branch_map.scroll_into_view_if_needed()
        page.screenshot(path=SCREENSHOTS / f"scenario-branch-map-{width}.png")

    # The map reads without JavaScript: the same marks, drawn by the server.
    no_js = new_context("no-js").new_page()
    sign_in(no_js, site, "trainer")
    no_js.goto(edit_url)
    plain_map = no_js.locator("[data-branch-map]")
    expect(
        plain_map.locator("[data-option=ask-the-manager-why-they-have-no-gloves]")
    ).to_contain_text("Critical error")
    expect(plain_map.locator("[data-mark=dead-end]").first).to_be_visible()
    expect(plain_map.locator(".branch-map__legend")).to_contain_text("Key to the map")
