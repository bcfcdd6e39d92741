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


def test_admin_manages_people(admin_client: Client, org) -> None:  # type: ignore[no-untyped-def]
    from ruggie.accounts.models import Membership

    assert admin_client.get("/accounts/members/").status_code == 200
    r = admin_client.post("/accounts/members/", {"email": "new@acme.example", "role": "viewer"})
    assert r.status_code == 302
    assert Membership.objects.get(user__email="new@acme.example", organisation=org).role == "viewer"
    own = admin_client.post("/accounts/members/", {"email": "admin@acme.example", "role": "viewer"})
    assert "cannot remove your own admin role" in own.content.decode()


def test_analyst_cannot_manage_people(analyst_client: Client) -> None:
    assert analyst_client.get("/accounts/members/").status_code == 403


def test_static_files_are_served_locally(db: None) -> None:
    response = Client().get("/static/ruggie/app.css")
    assert response.status_code == 200


def test_step_pages_offer_only_what_the_role_may_use(viewer_client: Client, admin_client: Client) -> None:
    assert "Audit log" not in viewer_client.get("/steps/track/").content.decode()
    assert "Import a supplier list" not in viewer_client.get("/").content.decode()
    assert "Audit log" in admin_client.get("/steps/track/").content.decode()
    assert viewer_client.get("/steps/nonsense/").status_code == 404
