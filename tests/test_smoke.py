from django.test import Client


def test_home_redirects_to_login(db: None) -> None:
    response = Client().get("/")
    assert response.status_code == 302
    assert "/accounts/login/" in response["Location"]


def test_signed_in_home_shows_six_steps(analyst_client: Client) -> None:
    body = analyst_client.get("/").content.decode()
    for step in [
        "Embed policy",
        "Identify and assess",
        "Prevent and mitigate",
        "Track",
        "Communicate",
        "Remedy",
    ]:
        assert step in body


def test_register_page_renders(analyst_client: Client) -> None:
    assert analyst_client.get("/register/").status_code == 200
