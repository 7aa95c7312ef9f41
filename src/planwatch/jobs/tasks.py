"""The queue task of a job, for `planwatch worker` (PLANWATCH_JOBS=worker)."""

from huey.contrib.djhuey import db_task

from planwatch.jobs import services


@db_task()
def job_run_task(job_id: int) -> None:
    services.job_run(job_id)
