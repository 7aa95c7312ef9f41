"""What a page's row reads of an indicator's or a task's relations: the plain rows a list selector read for the
page (accounts/selectors.py `indicator_rows`, `task_rows`: a queryset per row and relation cost more than the
queries, issue 14), else the relation, prefetched or queried. A reader that only reads the rows' fields takes
either."""

from __future__ import annotations


def target_rows(indicator):
    """The indicator's targets: `target_list` (horizon and quantity fields) or `indicator.targets`."""
    read = indicator.__dict__.get("target_list")
    return indicator.targets.all() if read is None else read


def due_date_rows(task):
    """The task's due dates, each with `due`: `due_date_list` or `task.due_dates`."""
    read = task.__dict__.get("due_date_list")
    return task.due_dates.all() if read is None else read


def lead_agency_rows(task):
    """The task's lead agencies, each with `name` and `short_name`: `lead_agency_list` or `task.lead_agencies`."""
    read = task.__dict__.get("lead_agency_list")
    return task.lead_agencies.all() if read is None else read
