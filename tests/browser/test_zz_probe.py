import pytest
pytestmark = [pytest.mark.browser, pytest.mark.django_db(transaction=True)]
def test_probe(page, live_server):
    r = page.goto("/accounts/login/")
    print(page.content()[:600])
    resp = page.request.get(live_server.url + "/static/ruggie/app.css")
    print(resp.status, resp.headers, resp.text()[:100])
