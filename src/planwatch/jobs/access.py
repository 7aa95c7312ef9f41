"""Who may see a job: the person who asked, and the administrators."""

from django.http import Http404

from planwatch.jobs.models import Job


def visible_jobs(user):
    if not getattr(user, "is_authenticated", False):
        return Job.objects.none()
    return Job.objects.all() if user.is_superuser else Job.objects.filter(requested_by=user)


def job_get_for_user(user, pk: int) -> Job:
    found = visible_jobs(user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
