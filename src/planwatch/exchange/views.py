from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpResponse
from django.views.decorators.http import require_GET

from planwatch.accounts.access import document_get_for_user
from planwatch.exchange.exports import FORMATS, download_name, export_document


@require_GET
@login_required
def document_data(request, slug, fmt):
    """The plan's values as a DHIS2 or SDMX file, limited to the indicators the user may see."""
    if fmt not in FORMATS:
        raise Http404
    document = document_get_for_user(request.user, slug)
    exported = export_document(document, fmt=fmt, user=request.user)
    response = HttpResponse(exported.content, content_type=FORMATS[fmt][1])
    response["Content-Disposition"] = f'attachment; filename="{download_name(document, fmt)}"'
    return response
