"""Administration page for administrators: add a user, change the role, deactivate; others are refused."""

from playwright.sync_api import expect

from tests.web.conftest import check_axe, login, screenshot


def test_admin_manages_users(page, server):
    login(page, "admin", "/admin")
    users = page.get_by_test_id("user-table")
    for name in ("admin", "analyst", "viewer", "auditor"):
        expect(users).to_contain_text(name)
    expect(page.get_by_test_id("workspace-table").locator("tbody tr")).to_have_count(1)
    screenshot(page, "admin")
    check_axe(page, "admin")

    form = page.get_by_test_id("new-user")
    form.get_by_label("Brugernavn").fill("e2e.kollega")
    form.get_by_label("Adgangskode").fill("en lang nok adgangskode")
    form.get_by_label("Rolle").select_option("viewer")
    form.get_by_role("button", name="Tilføj").click()
    expect(page.get_by_test_id("admin-status")).to_have_text("e2e.kollega er oprettet.")
    row = page.get_by_test_id("user-e2e.kollega")
    expect(row.get_by_label("Rolle for e2e.kollega")).to_have_value("viewer")
    row.get_by_label("Rolle for e2e.kollega").select_option("analyst")
    expect(page.get_by_test_id("admin-status")).to_have_text("e2e.kollega er ændret.")
    row.get_by_role("button", name="Deaktivér").click()
    expect(row).to_contain_text("deaktiveret")
    users_api = server.api("admin").get("/api/users").json()
    u = next(x for x in users_api if x["username"] == "e2e.kollega")
    assert (u["role"], u["active"]) == ("analyst", False)
    # the municipality is the admin's own; only a global administrator adds municipalities
    expect(page.get_by_test_id("municipality-table").locator("tbody tr")).to_have_count(1)
    expect(page.get_by_text("Kun en global administrator kan tilføje kommuner.")).to_be_visible()
    assert not page.js_errors, page.js_errors


def test_admin_page_needs_the_administrator_role(page, server):
    login(page, "analyst", "/admin")
    expect(page.get_by_test_id("needs-role")).to_contain_text("administrator")
    expect(page.get_by_test_id("nav-admin")).to_have_count(0)


def test_admin_lists_and_revokes_api_tokens(page, server):
    analyst = server.api("analyst")
    made = analyst.post("/api/auth/tokens", json={"name": "nattejob", "scope": "read", "days": 30})
    assert made.status_code == 201, made.text
    token = made.json()
    login(page, "admin", "/admin")
    row = page.get_by_test_id(f"token-{token['id']}")
    expect(row).to_contain_text("analyst")
    expect(row).to_contain_text("nattejob")
    expect(row).to_contain_text("læse")
    check_axe(page, "admin-tokens")
    row.get_by_role("button", name="Tilbagekald nattejob for analyst").click()
    expect(page.get_by_test_id("admin-status")).to_have_text("Nøglen nattejob for analyst er tilbagekaldt.")
    expect(page.get_by_test_id(f"token-{token['id']}")).to_have_count(0)
    import httpx

    r = httpx.get(f"{server.url}/api/auth/me", headers={"Authorization": f"Bearer {token['token']}"})
    assert r.status_code == 401
    assert not page.js_errors, page.js_errors
