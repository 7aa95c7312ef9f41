"""The queue task that computes plans a page left for later, for `planwatch worker` (registry/warming.py)."""

from huey.contrib.djhuey import db_task

from planwatch.registry import warming


@db_task()
def results_compute_task(rows_by_document: dict[int, list[int]]) -> None:
    warming.compute_claimed(rows_by_document)
