"""Nothing unpublished is reachable: an anonymous visitor follows every link of the portal from /cong-khai/."""

import re
from urllib.parse import urldefrag, urlparse

from planwatch.registry.models import Document, Indicator

HREF = re.compile(r'href="([^"]*)"')
ACTION = re.compile(r'action="([^"]*)"')


def crawl(client, start="/cong-khai/"):
    seen, queue, outside = {}, [start], set()
    while queue:
        path = queue.pop()
        if path in seen:
            continue
        response = client.get(path)
        seen[path] = response
        if not response["Content-Type"].startswith("text/html"):
            continue
        html = response.content.decode()
        # A form (the language switch) may only send to the portal itself.
        outside.update(action for action in ACTION.findall(html) if not action.startswith("/cong-khai/"))
        for link in HREF.findall(html):
            link = urldefrag(link.replace("&amp;", "&"))[0]
            parsed = urlparse(link)
            if not link or parsed.scheme or parsed.netloc:
                outside.add(link)
            elif parsed.path.startswith("/cong-khai/") and not parsed.query:
                queue.append(parsed.path)
            elif not parsed.path.startswith("/cong-khai/"):
                outside.add(link)
    return seen, outside


def test_an_anonymous_crawl_reaches_only_published_plans(anonymous, plan_2024, plan_183_unpublished):
    seen, outside = crawl(anonymous)
    assert all(response.status_code == 200 for response in seen.values()), [
        (path, r.status_code) for path, r in seen.items() if r.status_code != 200]
    # Every link leaves for the portal's own pages or its static files: none to a page behind the sign-in.
    assert {link for link in outside if not link.startswith("/static/")} == set()
    assert f"/cong-khai/van-ban/{plan_2024.pk}/" in seen
    assert f"/cong-khai/van-ban/{plan_2024.pk}/du-lieu.sdmx.csv" in seen
    assert len([p for p in seen if "/chi-tieu/" in p]) == Indicator.objects.filter(document=plan_2024).count()
    assert any(path.startswith("/cong-khai/don-vi/") for path in seen)

    hidden = Document.objects.exclude(pk=plan_2024.pk)
    hidden_ids = {str(pk) for pk in hidden.values_list("pk", flat=True)}
    hidden_indicators = {str(pk) for pk in Indicator.objects.filter(document__in=hidden).values_list("pk", flat=True)}
    for path, response in seen.items():
        assert not re.search(r"/van-ban/(\d+)/", path) or re.search(r"/van-ban/(\d+)/", path)[1] not in hidden_ids
        assert not re.search(r"/chi-tieu/(\d+)/", path) or re.search(r"/chi-tieu/(\d+)/", path)[1] not in hidden_indicators
        body = response.content.decode("utf-8-sig", errors="replace")
        for document in hidden:
            assert document.title not in body, (path, document.slug)
            assert document.slug not in body, (path, document.slug)


def test_every_portal_address_of_an_unpublished_or_untracked_document_is_not_found(
        anonymous, plan_183_unpublished):
    untracked = Document.objects.filter(is_tracked=False)
    missing = max(Document.objects.values_list("pk", flat=True)) + 1000
    for pk in [plan_183_unpublished.pk, missing, *untracked.values_list("pk", flat=True)]:
        indicator = Indicator.objects.filter(document_id=pk).first()
        paths = [f"/cong-khai/van-ban/{pk}/", f"/cong-khai/van-ban/{pk}/du-lieu.csv",
                 f"/cong-khai/van-ban/{pk}/du-lieu.xlsx", f"/cong-khai/van-ban/{pk}/du-lieu.sdmx.csv",
                 f"/cong-khai/van-ban/{pk}/chi-tieu/{indicator.pk if indicator else 1}/"]
        for path in paths:
            response = anonymous.get(path)
            assert response.status_code == 404, path
            assert "Cache-Control" not in response or "public" not in response["Cache-Control"]
    # The same answer as an id that never existed (but for the address it repeats): nothing tells the two apart.
    hidden, never = f"/cong-khai/van-ban/{plan_183_unpublished.pk}/", f"/cong-khai/van-ban/{missing}/"
    def page(path):  # the site's 404 page, with its language form's (masked, so changing) CSRF token
        return re.sub(r'value="[A-Za-z0-9]{64}"', "", anonymous.get(path).content.decode().replace(path, ""))

    assert page(hidden) == page(never)
