"""The branch map's analysis: reachability, loops, dead ends, critical options, recommended path."""

from quizzes.scenario_map import branch_map, describe_option


def signs(key, next_stage):
    return {
        "kind": "spot_signs",
        "key": key,
        "title": f"Title {key}",
        "next": next_stage,
        "observations": [
            {"key": "card", "text": "Holds her card", "indicator": "finances-controlled"},
            {"key": "tired", "text": "Looks tired", "indicator": ""},
        ],
    }


def option(key, next_stage="", *, recommended=False, critical=False):
    return {
        "key": key,
        "text": f"Do {key}",
        "next": next_stage,
        "recommended": recommended,
        "critical": critical,
        "pathway_step": "" if critical else "adults:tell-the-lead",
        "points": 2 if recommended else 0,
    }


def decision(key, *options, requires=""):
    return {
        "kind": "decision",
        "key": key,
        "title": f"Title {key}",
        "requires": requires,
        "options": list(options),
    }


def branching():
    """Signs, then a choice: tell the lead (on to a follow-up), confront (critical), or leave."""
    return [
        signs("signs", "act"),
        decision(
            "act",
            option("lead", "follow-up", recommended=True),
            option("confront", "follow-up", critical=True),
            option("leave"),
        ),
        decision("follow-up", option("record", recommended=True), option("forget")),
    ]


def test_recommended_path_follows_the_recommended_options_from_the_first_stage():
    result = branch_map(branching())
    assert result.recommended == ["signs", "act", "follow-up"]
    act = result.stage("act")
    assert [o.key for o in act.options if o.on_path] == ["lead"]
    assert all(stage.on_path for stage in result.stages)


def test_critical_option_ends_the_scenario_whatever_its_next_says():
    result = branch_map(branching())
    confront = result.stage("act").options[1]
    assert confront.critical and confront.ends and confront.next == ""
    assert not confront.dead_end  # a clear failure, not a dead end
    assert [(s.key, o.key) for s, o in result.critical_options] == [("act", "confront")]
    assert "Critical error" in " ".join(describe_option(confront))


def test_an_ending_off_the_recommended_path_is_a_dead_end():
    result = branch_map(branching())
    dead = [(stage.key, option.key) for stage, option in result.dead_ends]
    assert dead == [("act", "leave"), ("follow-up", "forget")]
    # The recommended path's own ending is an ending, not a dead end.
    record = result.stage("follow-up").options[0]
    assert record.ends and not record.dead_end


def test_a_link_to_a_missing_stage_is_a_broken_dead_end():
    stages = branching()
    stages[1]["options"][2]["next"] = "nowhere"
    result = branch_map(stages)
    leave = result.stage("act").options[2]
    assert leave.broken and leave.dead_end and not leave.ends
    assert "does not exist" in " ".join(describe_option(leave))


def test_a_stage_no_path_reaches_is_unreachable():
    stages = [*branching(), decision("orphan", option("a", recommended=True), option("b"))]
    result = branch_map(stages)
    assert [stage.key for stage in result.unreachable] == ["orphan"]
    assert result.has_problems


def test_a_conditional_stage_can_be_skipped_to_the_next_in_the_list():
    stages = [
        signs("signs", "act"),
        decision("act", option("lead", "check", recommended=True), option("wait", "check")),
        decision("check", option("ok", recommended=True), option("not-ok"), requires="act.wait"),
        decision("last", option("done", recommended=True), option("other")),
    ]
    result = branch_map(stages)
    # "last" is reached only when "check" is skipped: it is reachable all the same.
    assert not result.unreachable
    assert result.stage("check").skip_to == "last"
    # On the recommended path ("lead"), the condition fails: "check" is skipped.
    assert result.recommended == ["signs", "act", "last"]
    assert not result.stage("check").on_path


def test_a_link_back_to_an_earlier_stage_is_a_loop():
    stages = [
        signs("signs", "act"),
        decision("act", option("lead", "again", recommended=True), option("leave")),
        decision("again", option("back", "act", recommended=True), option("stop")),
    ]
    result = branch_map(stages)
    assert [stage.key for stage in result.looping] == ["act", "again"]
    back = result.stage("again").options[0]
    assert back.loops_back
    assert "Loop" in " ".join(describe_option(back))
    assert not result.stage("signs").in_loop
    # The recommended path stops where it would go round again.
    assert result.recommended == ["signs", "act", "again"]


def test_loops_among_unreachable_stages_are_found_too():
    stages = [
        *branching(),
        decision("x", option("to-y", "y", recommended=True), option("end")),
        decision("y", option("to-x", "x", recommended=True), option("end")),
    ]
    result = branch_map(stages)
    assert {stage.key for stage in result.unreachable} == {"x", "y"}
    assert {stage.key for stage in result.looping} == {"x", "y"}


def test_a_half_written_scenario_still_has_a_map():
    stages = [
        decision("act", option("a"), option("b")),  # no recommended option yet
        {"kind": "decision", "key": "", "title": "", "options": []},  # no key yet: left out
    ]
    result = branch_map(stages)
    assert result.recommended == ["act"]
    assert [stage.key for stage in result.stages] == ["act"]
    assert branch_map([]).stages == []


def test_spot_signs_stage_counts_signs_and_red_herrings():
    stage = branch_map(branching()).stage("signs")
    assert (stage.signs, stage.herrings) == (1, 1)
    assert stage.next_title == "Title act"
