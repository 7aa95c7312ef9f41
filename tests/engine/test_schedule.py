"""The framework plan's arithmetic, table by table: dates, float, critical path, circles, slips."""

from datetime import date

import pytest

from planwatch.engine.schedule import (
    Link,
    ScheduleError,
    Step,
    derived_progress,
    late_steps,
    plan,
    slipped,
    slippage,
    step_days,
)


def d(text: str) -> date:
    day, month = text.split("/")
    return date(2025, int(month), int(day))


def shown(schedule, key):
    timing = schedule[key]
    return f"{timing.early_start:%d/%m}-{timing.early_end:%d/%m} float {timing.total_float}"


# Each case: steps, links, expected "start-end float" per step, critical path, forecast end.
CASES = {
    "a chain of finish-to-start steps, the second placed by its link alone": (
        [Step("draft", d("01/03"), d("05/03")), Step("consult", duration=5), Step("sign", milestone=True)],
        [Link("draft", "consult"), Link("consult", "sign")],
        {"draft": "01/03-05/03 float 0", "consult": "06/03-10/03 float 0", "sign": "11/03-10/03 float 0"},
        ("draft", "consult", "sign"),
        "10/03",
    ),
    "a short branch beside a long one has float": (
        [Step("survey", d("01/03"), d("10/03")), Step("budget", d("01/03"), d("03/03")), Step("submit", duration=2)],
        [Link("survey", "submit"), Link("budget", "submit")],
        {"survey": "01/03-10/03 float 0", "budget": "01/03-03/03 float 7", "submit": "11/03-12/03 float 0"},
        ("survey", "submit"),
        "12/03",
    ),
    "start-to-start with a lag of two days": (
        [Step("build", d("01/03"), d("10/03")), Step("inspect", duration=4)],
        [Link("build", "inspect", "SS", 2)],
        {"build": "01/03-10/03 float 0", "inspect": "03/03-06/03 float 4"},
        ("build",),
        "10/03",
    ),
    "finish-to-finish: the later step ends with the earlier one": (
        [Step("build", d("01/03"), d("10/03")), Step("report", duration=3)],
        [Link("build", "report", "FF")],
        {"build": "01/03-10/03 float 0", "report": "08/03-10/03 float 0"},
        ("build", "report"),
        "10/03",
    ),
    "a negative lag starts the next step before the first ends": (
        [Step("draft", d("01/03"), d("10/03")), Step("review", duration=5)],
        [Link("draft", "review", lag=-3)],
        {"draft": "01/03-10/03 float 0", "review": "08/03-12/03 float 0"},
        ("draft", "review"),
        "12/03",
    ),
    "a step planned later than its link allows keeps its own date": (
        [Step("draft", d("01/03"), d("05/03")), Step("approve", d("20/03"), d("21/03"))],
        [Link("draft", "approve")],
        {"draft": "01/03-05/03 float 14", "approve": "20/03-21/03 float 0"},
        ("approve",),
        "21/03",
    ),
    "a milestone dated on its own, then the step after it": (
        [Step("approved", end=d("15/03"), milestone=True), Step("announce", duration=1)],
        [Link("approved", "announce")],
        {"approved": "16/03-15/03 float 0", "announce": "16/03-16/03 float 0"},
        ("approved", "announce"),
        "16/03",
    ),
    "an end and a duration give the start": (
        [Step("publish", end=d("31/03"), duration=10)],
        [],
        {"publish": "22/03-31/03 float 0"},
        ("publish",),
        "31/03",
    ),
}


@pytest.mark.parametrize("name", CASES)
def test_it_schedules_every_link_kind(name):
    steps, links, expected, critical, end = CASES[name]
    schedule = plan(steps, links)
    assert {key: shown(schedule, key) for key in expected} == expected
    assert schedule.critical_path == critical
    assert f"{schedule.end:%d/%m}" == end


def test_a_step_with_no_date_and_nothing_before_it_starts_with_the_plan():
    schedule = plan([Step("kickoff", duration=2)], start=d("02/06"))
    assert shown(schedule, "kickoff") == "02/06-03/06 float 0"


def test_a_deadline_before_the_forecast_end_gives_negative_float_on_the_critical_path():
    steps = [Step("draft", d("01/03"), d("10/03")), Step("sign", duration=5), Step("print", d("01/03"), d("02/03"))]
    schedule = plan(steps, [Link("draft", "sign")], finish_by=d("12/03"))
    assert schedule.end == d("15/03")
    assert schedule.days_late == 3
    assert (schedule["draft"].total_float, schedule["sign"].total_float, schedule["print"].total_float) == (-3, -3, 10)
    assert schedule.critical_path == ("draft", "sign")


def test_a_deadline_after_the_end_leaves_float_everywhere_and_nothing_late():
    schedule = plan([Step("draft", d("01/03"), d("10/03"))], finish_by=d("31/03"))
    assert schedule.days_late == 0
    assert schedule["draft"].total_float == 21
    assert schedule.critical_path == ("draft",)


def test_a_step_pushed_by_its_predecessor_says_by_how_many_days():
    steps = [Step("draft", d("01/03"), d("10/03")), Step("consult", d("05/03"), d("07/03"))]
    schedule = plan(steps, [Link("draft", "consult")])
    assert shown(schedule, "consult") == "11/03-13/03 float 0"
    assert schedule["consult"].pushed == 6


@pytest.mark.parametrize(
    "steps, links, code, needle",
    [
        ([Step("a", duration=1), Step("b", duration=1), Step("c", duration=1)],
         [Link("a", "b"), Link("b", "c"), Link("c", "a")], "cycle", "a → b → c → a"),
        ([Step("a", duration=1)], [Link("a", "a")], "cycle", "a → a"),
        ([Step("a", d("05/03"), d("01/03"))], [], "end_before_start", "ends 01/03/2025 before it starts 05/03/2025"),
        ([Step("a", duration=1)], [Link("a", "z")], "unknown_step", "'z' is not a step"),
        ([Step("a", duration=1), Step("a", duration=2)], [], "duplicate", "'a' is given twice"),
        ([Step("a", duration=3)], [], "unplaced", "expected a start date"),
        ([Step("a", d("01/03"))], [], "underdetermined", "two of start, end and duration"),
        ([Step("a", d("01/03"), duration=0)], [], "duration", "at least one day"),
        ([Step("a", d("01/03"), d("02/03"), progress=120)], [], "progress", "between 0 and 100"),
        ([Step("a", duration=1), Step("b", duration=1)], [Link("a", "b", "SF")], "link_kind", "FS, SS, FF"),
        ([], [], "empty", "at least one step"),
    ],
)
def test_it_refuses_what_cannot_be_scheduled_and_says_what_was_expected(steps, links, code, needle):
    with pytest.raises(ScheduleError) as caught:
        plan(steps, links, start=None)
    assert caught.value.code == code
    assert needle in str(caught.value)


def test_a_circle_inside_a_larger_plan_names_only_the_steps_on_it():
    steps = [Step(key, d("01/03"), d("02/03")) for key in ("start", "x", "y", "after")]
    links = [Link("start", "x"), Link("x", "y"), Link("y", "x"), Link("y", "after")]
    with pytest.raises(ScheduleError) as caught:
        plan(steps, links)
    assert set(caught.value.steps) == {"x", "y"}


STEPS = [
    Step("draft", d("01/03"), d("10/03"), progress=100),
    Step("consult", duration=5, progress=40),
    Step("translate", d("11/03"), d("12/03")),
    Step("sign", milestone=True),
]
LINKS = [Link("draft", "consult"), Link("draft", "translate"), Link("consult", "sign"), Link("translate", "sign")]


def test_a_slip_moves_what_depends_on_it_and_not_what_has_float_to_absorb_it():
    assert slipped(STEPS, LINKS, key="draft", new_end=d("13/03")) == {"consult": 3, "translate": 3, "sign": 3}
    # translate has three days of float: a two-day slip moves nothing after it.
    assert slipped(STEPS, LINKS, key="translate", new_end=d("14/03")) == {}
    assert slipped(STEPS, LINKS, key="translate", new_end=d("18/03")) == {"sign": 3}


def test_slippage_against_the_baseline_counts_days_per_step_and_marks_new_steps():
    baseline = plan(STEPS, LINKS)
    later = [*STEPS[:1], Step("consult", duration=8, progress=40), *STEPS[2:], Step("publish", duration=1)]
    current = plan(later, [*LINKS, Link("sign", "publish")])
    assert [(s.key, s.days_late, s.new) for s in slippage(baseline, current)] == [
        ("draft", 0, False), ("consult", 3, False), ("translate", 0, False), ("sign", 3, False), ("publish", 0, True),
    ]
    assert (current.end - baseline.end).days == 4


# Each case: steps, the task's derived progress. Days weigh; milestones weigh nothing unless all are milestones.
DERIVED = {
    "no step: nothing to derive from": ([], 0),
    "one step done": ([Step("a", d("01/03"), d("02/03"), progress=100)], 100),
    "ten days done, five at 40 %, two not begun, a milestone not reached: 1200 / 17": (STEPS, 70),
    "ten days done, five half done: 1250 / 15": (
        [Step("draft", d("01/03"), d("10/03"), progress=100), Step("consult", duration=5, progress=50)], 83),
    "a long step weighs more than a short one: (30 x 10 + 2 x 100) / 32": (
        [Step("build", d("01/03"), d("30/03"), progress=10), Step("sign", d("31/03"), d("01/04"), progress=100)], 15),
    "an end and a duration weigh the duration": (
        [Step("a", end=d("10/03"), duration=4, progress=100), Step("b", duration=4, progress=0)], 50),
    "a milestone reached weighs nothing beside the work": (
        [Step("work", d("01/03"), d("10/03"), progress=50), Step("approved", end=d("10/03"), milestone=True, progress=100)],
        50),
    "only milestones: each counts alike": (
        [Step("m1", end=d("01/03"), milestone=True, progress=100), Step("m2", end=d("02/03"), milestone=True),
         Step("m3", end=d("03/03"), milestone=True), Step("m4", end=d("04/03"), milestone=True, progress=100)],
        50),
    "the work done and the closing milestone not: 99, never 100": (
        [Step("work", d("01/03"), d("10/03"), progress=100), Step("issued", end=d("15/03"), milestone=True)], 99),
    "everything done, milestones included": (
        [Step("work", d("01/03"), d("10/03"), progress=100),
         Step("issued", end=d("15/03"), milestone=True, progress=100)], 100),
    "rounded down: 1000 / 11": (
        [Step("a", d("01/03"), d("10/03"), progress=100), Step("b", duration=1, progress=0)], 90),
}


@pytest.mark.parametrize("steps, expected", DERIVED.values(), ids=DERIVED.keys())
def test_a_tasks_progress_is_derived_from_its_steps_weighed_by_days(steps, expected):
    assert derived_progress(steps) == expected


@pytest.mark.parametrize("step, days", [
    (Step("a", d("01/03"), d("05/03")), 5),
    (Step("a", d("01/03"), d("01/03")), 1),
    (Step("a", duration=7), 7),
    (Step("a", start=d("01/03"), duration=3), 3),
    (Step("a", end=d("15/03"), milestone=True), 0),
])
def test_a_step_weighs_its_planned_days(step, days):
    assert step_days(step) == days


def test_late_steps_are_those_past_their_end_and_not_done():
    schedule = plan(STEPS, LINKS)
    assert late_steps(schedule, STEPS, today=d("14/03")) == ("translate",)
    assert late_steps(schedule, STEPS, today=d("17/03")) == ("consult", "translate", "sign")
    assert late_steps(schedule, STEPS, today=d("05/03")) == ()
