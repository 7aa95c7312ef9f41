"""The queue task that computes plans a page left for later, for `planwatch worker` (registry/warming.py)."""

from huey.contrib.djhuey import HUEY, db_task

from planwatch.registry import warming


@db_task()
def results_compute_task(rows_by_document: dict[int, list[int]]) -> None:
    # The worker's thread stays at the lower priority for the jobs it runs next: all of them are background work.
    # Run immediately (no worker), the task is in the caller's thread, which keeps its priority.
    if not HUEY.immediate:
        warming.lower_this_threads_priority()
    warming.compute_claimed(rows_by_document)
