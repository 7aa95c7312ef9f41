from django.contrib.auth.decorators import login_required
from django.http import FileResponse, Http404
from django.shortcuts import render

from planwatch.jobs.access import job_get_for_user, visible_jobs
from planwatch.jobs.services import jobs_reap, live_progress


@login_required
def job_detail(request, pk):
    jobs_reap()  # a job left running by a dead process is shown failed, not waited on
    job = job_get_for_user(request.user, pk)
    done, total = live_progress(job)
    return render(request, "jobs/job_detail.html", {
        "job": job, "done": done, "total": total,
        "percent": round(100 * done / total) if total else None,
    })


@login_required
def job_list(request):
    jobs_reap()
    return render(request, "jobs/job_list.html", {
        "jobs": visible_jobs(request.user).select_related("requested_by")[:50],
    })


@login_required
def job_download(request, pk):
    job = job_get_for_user(request.user, pk)
    if not job.result_file:
        raise Http404
    name = job.result_file.name.rsplit("/", 1)[-1].split("-", 1)[-1]
    return FileResponse(job.result_file.open("rb"), as_attachment=True, filename=name)
