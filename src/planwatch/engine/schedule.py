"""The arithmetic of a framework plan (kế hoạch khung): steps, the order between them, and what follows from it.

A step occupies whole calendar days: from 01/03 to 05/03 is five days. Internally a step is the half-open range
of day numbers `[start, finish)`, so a five-day step starting on day 10 finishes at 15 and a finish-to-start
successor may begin on day 15 (the next calendar day). A milestone takes no time: it is the instant at the end
of its date, so the step after a milestone dated 15/03 starts on 16/03.

A step's own dates are what the agency planned; they act as "start no earlier than": a step never moves earlier
than planned, but moves later when what it depends on ends later. That is how a slip propagates.

Links between steps (lag in days, negative for a lead):
- finish-to-start (FS): the later step starts after the earlier one finishes;
- start-to-start (SS): the later step starts no earlier than the earlier one starts;
- finish-to-finish (FF): the later step finishes no earlier than the earlier one finishes.

The critical path is the chain of steps with the least float: delaying any of them delays the end.
"""

from __future__ import annotations

from .errors import EngineError

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field, replace
from datetime import date, timedelta

FINISH_TO_START = "FS"
START_TO_START = "SS"
FINISH_TO_FINISH = "FF"
LINK_KINDS = (FINISH_TO_START, START_TO_START, FINISH_TO_FINISH)

_EPOCH = date(2000, 1, 1)


class ScheduleError(EngineError):
    """A framework plan whose steps cannot be scheduled; the message says what was expected."""

    def __init__(self, message: str, *, code: str, steps: tuple[str, ...] = ()):
        super().__init__(message)
        self.code = code
        self.steps = steps


@dataclass(frozen=True)
class Step:
    """One step as planned. Give two of start, end and duration (days); a milestone needs only one date."""

    key: str
    start: date | None = None
    end: date | None = None
    duration: int | None = None
    milestone: bool = False
    progress: int = 0  # percent done, 0..100


@dataclass(frozen=True)
class Link:
    before: str
    after: str
    kind: str = FINISH_TO_START
    lag: int = 0


@dataclass(frozen=True)
class Timing:
    """Where a step falls once the links are applied, and how far it may move without moving the end."""

    key: str
    early_start: date
    early_end: date
    late_start: date
    late_end: date
    duration: int
    total_float: int
    critical: bool
    milestone: bool
    # Days the step was pushed past its own planned start by what it depends on.
    pushed: int = 0


@dataclass(frozen=True)
class Schedule:
    timings: Mapping[str, Timing]
    order: tuple[str, ...]  # a topological order: every step after those it depends on
    start: date
    end: date
    critical_path: tuple[str, ...]
    finish_by: date | None = None

    def __getitem__(self, key: str) -> Timing:
        return self.timings[key]

    @property
    def days_late(self) -> int:
        """Days the forecast end passes `finish_by` (0 when on time or when there is no deadline)."""
        if self.finish_by is None:
            return 0
        return max(0, (self.end - self.finish_by).days)


@dataclass
class _Node:
    step: Step
    duration: int
    planned_start: int | None
    early_start: int = 0
    late_finish: int = 0
    incoming: list[Link] = field(default_factory=list)
    outgoing: list[Link] = field(default_factory=list)

    @property
    def early_finish(self) -> int:
        return self.early_start + self.duration

    @property
    def late_start(self) -> int:
        return self.late_finish - self.duration


def _day(value: date) -> int:
    return (value - _EPOCH).days


def _date(day: int) -> date:
    return _EPOCH + timedelta(days=day)


def _node(step: Step) -> _Node:
    if step.progress < 0 or step.progress > 100:
        raise ScheduleError(
            f"step {step.key!r}: expected progress between 0 and 100; got {step.progress}",
            code="progress", steps=(step.key,),
        )
    if step.milestone:
        when = step.end or step.start
        # A milestone is the end of its day: what follows it starts the next day.
        return _Node(step, 0, None if when is None else _day(when) + 1)
    start, end, duration = step.start, step.end, step.duration
    if duration is not None and duration < 1:
        raise ScheduleError(
            f"step {step.key!r}: expected a duration of at least one day; got {duration}",
            code="duration", steps=(step.key,),
        )
    if start is not None and end is not None:
        if end < start:
            raise ScheduleError(
                f"step {step.key!r}: expected an end on or after the start; it ends {end:%d/%m/%Y} "
                f"before it starts {start:%d/%m/%Y}",
                code="end_before_start", steps=(step.key,),
            )
        return _Node(step, (end - start).days + 1, _day(start))
    if duration is None:
        raise ScheduleError(
            f"step {step.key!r}: expected two of start, end and duration",
            code="underdetermined", steps=(step.key,),
        )
    if start is not None:
        return _Node(step, duration, _day(start))
    if end is not None:
        return _Node(step, duration, _day(end) + 1 - duration)
    return _Node(step, duration, None)  # placed by its links alone


def _order(nodes: dict[str, _Node]) -> tuple[str, ...]:
    """Kahn's topological order, in the order the steps were given where the links leave a choice."""
    waiting = {key: len(node.incoming) for key, node in nodes.items()}
    ready = [key for key, count in waiting.items() if count == 0]
    order: list[str] = []
    while ready:
        key = ready.pop(0)
        order.append(key)
        for link in nodes[key].outgoing:
            waiting[link.after] -= 1
            if waiting[link.after] == 0:
                ready.append(link.after)
    if len(order) < len(nodes):
        cycle = _find_cycle(nodes, {key for key, count in waiting.items() if count > 0})
        raise ScheduleError(
            "expected steps that do not depend on themselves; these form a circle: " + " → ".join(cycle),
            code="cycle", steps=tuple(cycle),
        )
    return tuple(order)


def _find_cycle(nodes: dict[str, _Node], left: set[str]) -> list[str]:
    # Every step left over lies on or behind a circle: walking backwards from any of them must meet itself.
    key = next(k for k in nodes if k in left)
    seen: dict[str, int] = {}
    path: list[str] = []
    while key not in seen:
        seen[key] = len(path)
        path.append(key)
        key = next(link.before for link in nodes[key].incoming if link.before in left)
    cycle = path[seen[key]:]
    cycle.reverse()
    # Told from the step given first, so the same circle always reads the same way.
    given = list(nodes)
    first = min(range(len(cycle)), key=lambda index: given.index(cycle[index]))
    cycle = cycle[first:] + cycle[:first]
    return cycle + [cycle[0]]


def plan(
    steps: Iterable[Step], links: Iterable[Link] = (), *, start: date | None = None, finish_by: date | None = None,
) -> Schedule:
    """Schedule the steps: earliest and latest dates, float, the critical path.

    `start` places steps that have no date and nothing before them; `finish_by` (the task's deadline) is the
    latest end, so float may be negative when the plan cannot meet it. Without it the latest end is the
    forecast end.
    """
    nodes: dict[str, _Node] = {}
    for step in steps:
        if step.key in nodes:
            raise ScheduleError(f"expected each step once; {step.key!r} is given twice", code="duplicate",
                                steps=(step.key,))
        nodes[step.key] = _node(step)
    if not nodes:
        raise ScheduleError("expected at least one step", code="empty")
    for link in links:
        if link.kind not in LINK_KINDS:
            raise ScheduleError(f"expected a link of kind {', '.join(LINK_KINDS)}; got {link.kind!r}",
                                code="link_kind", steps=(link.before, link.after))
        for key in (link.before, link.after):
            if key not in nodes:
                raise ScheduleError(f"expected a link between known steps; {key!r} is not a step",
                                    code="unknown_step", steps=(key,))
        nodes[link.before].outgoing.append(link)
        nodes[link.after].incoming.append(link)
    order = _order(nodes)

    start_day = None if start is None else _day(start)
    for key in order:
        node = nodes[key]
        bounds = [node.planned_start] if node.planned_start is not None else []
        for link in node.incoming:
            before = nodes[link.before]
            if link.kind == FINISH_TO_START:
                bounds.append(before.early_finish + link.lag)
            elif link.kind == START_TO_START:
                bounds.append(before.early_start + link.lag)
            else:
                bounds.append(before.early_finish + link.lag - node.duration)
        if not bounds:
            if start_day is None:
                raise ScheduleError(
                    f"step {key!r}: expected a start date, a link to an earlier step, or the plan's start",
                    code="unplaced", steps=(key,),
                )
            bounds.append(start_day)
        node.early_start = max(bounds)

    end_day = max(node.early_finish for node in nodes.values())
    latest_end = end_day if finish_by is None else _day(finish_by) + 1
    for key in reversed(order):
        node = nodes[key]
        bounds = [latest_end]
        for link in node.outgoing:
            after = nodes[link.after]
            if link.kind == FINISH_TO_START:
                bounds.append(after.late_start - link.lag)
            elif link.kind == START_TO_START:
                bounds.append(after.late_start - link.lag + node.duration)
            else:
                bounds.append(after.late_finish - link.lag)
        node.late_finish = min(bounds)

    floats = {key: node.late_start - node.early_start for key, node in nodes.items()}
    least = min(floats.values())
    timings = {}
    for key in order:
        node = nodes[key]
        timings[key] = Timing(
            key=key,
            early_start=_date(node.early_start),
            early_end=_shown_end(node.early_start, node.duration),
            late_start=_date(node.late_start),
            late_end=_shown_end(node.late_start, node.duration),
            duration=node.duration,
            total_float=floats[key],
            critical=floats[key] == least,
            milestone=node.step.milestone,
            pushed=0 if node.planned_start is None else node.early_start - node.planned_start,
        )
    first = min(node.early_start for node in nodes.values())
    return Schedule(
        timings=timings,
        order=order,
        start=_date(first),
        end=_date(end_day - 1),
        critical_path=tuple(key for key in order if timings[key].critical),
        finish_by=finish_by,
    )


def _shown_end(start: int, duration: int) -> date:
    # A step of n days shows the date of its last day; a milestone the date it marks.
    return _date(start + duration - 1)


def slipped(steps: Iterable[Step], links: Iterable[Link], *, key: str, new_end: date,
            start: date | None = None, finish_by: date | None = None) -> dict[str, int]:
    """Days each step moves when step `key` is to end on `new_end` instead (steps that do not move left out)."""
    steps = list(steps)
    links = list(links)
    before = plan(steps, links, start=start, finish_by=finish_by)
    moved_steps = []
    for step in steps:
        if step.key == key:
            if step.milestone:
                step = replace(step, start=None, end=new_end)
            else:
                begins = before[key].early_start
                step = replace(step, start=begins, end=new_end, duration=None)
        moved_steps.append(step)
    if key not in before.timings:
        raise ScheduleError(f"expected a known step; {key!r} is not a step", code="unknown_step", steps=(key,))
    after = plan(moved_steps, links, start=start, finish_by=finish_by)
    return {
        other: (after[other].early_end - before[other].early_end).days
        for other in after.order
        if other != key and after[other].early_end != before[other].early_end
    }


@dataclass(frozen=True)
class StepSlip:
    key: str
    days_late: int  # positive: ends later than the baseline; negative: earlier
    new: bool = False  # a step the baseline did not have


def slippage(baseline: Schedule, current: Schedule) -> tuple[StepSlip, ...]:
    """Each current step's end against the approved baseline's, in the current order."""
    result = []
    for key in current.order:
        if key in baseline.timings:
            result.append(StepSlip(key, (current[key].early_end - baseline[key].early_end).days))
        else:
            result.append(StepSlip(key, 0, new=True))
    return tuple(result)


def step_days(step: Step) -> int:
    """How many days a step takes as planned: start to end inclusive, else its duration; a milestone none."""
    if step.milestone:
        return 0
    if step.start and step.end:
        return max(1, (step.end - step.start).days + 1)
    return max(1, step.duration or 1)


def derived_progress(steps: Iterable[Step]) -> int:
    """A task's progress (percent, rounded down) from its steps', each weighing its days.

    A milestone marks a moment and takes no work, so it weighs nothing, unless every step is a milestone: then each
    counts alike. The task reaches 100 only when every step is done, milestones included: a plan whose work is
    done but whose last milestone (the decision issued) is not shows 99.
    """
    steps = list(steps)
    if not steps:
        return 0
    weights = [step_days(step) for step in steps]
    if not any(weights):
        weights = [1] * len(steps)
    percent = sum(weight * step.progress for weight, step in zip(weights, steps)) // sum(weights)
    if percent == 100 and any(step.progress < 100 for step in steps):
        return 99
    return percent


def late_steps(schedule: Schedule, steps: Iterable[Step], *, today: date) -> tuple[str, ...]:
    """Steps past their scheduled end and not done, in schedule order."""
    done = {step.key for step in steps if step.progress >= 100}
    return tuple(key for key in schedule.order if key not in done and schedule[key].early_end < today)
