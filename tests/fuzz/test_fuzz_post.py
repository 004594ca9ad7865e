"""Every POST route, with its harvested form mutated and with bodies that are not forms, as every role.

Never a 5xx, and a refused request (an error status, or the form shown again with its errors) changes no row.
"""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnpm import create_app
from tests.fuzz.cases import fill, fuzz_settings, send
from tests.fuzz.html_forms import FormField, HarvestedForm
from tests.fuzz.strategies import ODD_IDS, body, url_value
from tests.fuzz.support import (
    ANONYMOUS,
    FORMLESS_POST_ROUTES,
    ROLES,
    Site,
    converters,
    digest,
    endpoint_of,
    rules_by_endpoint,
)

pytestmark = pytest.mark.fuzz

URL_MAP_APP = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "url-map",
                          "RATELIMIT_STORAGE_URI": "memory://"})
POST_ENDPOINTS = [endpoint for endpoint, _rule in rules_by_endpoint(URL_MAP_APP)]


def forms_for(site: Site, endpoint: str, role: str) -> list[HarvestedForm]:
    """Return the forms of `endpoint` the role saw, else those others saw (a role that sees none still posts)."""
    forms = site.forms.get(endpoint, [])
    return [form for form in forms if form.role == role] or forms


def odd_action(site: Site, form: HarvestedForm) -> st.SearchStrategy[str]:
    """Return the form's action, or the same route with odd ids in its URL."""
    found = endpoint_of(site.app, form.action, "POST")
    rule = next(r for r in site.app.url_map.iter_rules(form.endpoint) if "POST" in r.methods)
    if found is None or not rule.arguments:
        return st.just(form.action)
    values = {name: st.one_of(st.just(found[1][name]), st.sampled_from(ODD_IDS) if kind == "int"
                              else url_value(kind, [])) for name, kind in converters(rule).items()}
    return st.one_of(st.just(form.action), st.fixed_dictionaries(values).map(lambda v: fill(rule, v)))


def formless(site: Site, endpoint: str) -> list[HarvestedForm]:
    """Return a stand-in form for a route no page shows, with the field names FORMLESS_POST_ROUTES gives."""
    rule = next(r for r in site.app.url_map.iter_rules(endpoint) if "POST" in r.methods)
    fields = tuple(FormField(name, "text") for name in FORMLESS_POST_ROUTES.get(endpoint, ("", ()))[1])
    values = {name: "1" for name in rule.arguments}
    return [HarvestedForm(ANONYMOUS, "", fill(rule, values), endpoint, False, fields)]


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("endpoint", POST_ENDPOINTS)
def test_a_form_sent_with_odd_values_answers_without_a_fault(fuzz_site: Site, endpoint: str, role: str) -> None:
    forms = forms_for(fuzz_site, endpoint, role) or formless(fuzz_site, endpoint)
    # Most cases go to the roles that were shown the form: theirs are the values that reach the rules behind it.
    examples = 20 if any(form.role == role for form in forms) else 3 if role == ANONYMOUS else 6

    @fuzz_settings(examples)
    @given(data=st.data())
    def case(data: st.DataObject) -> None:
        form = data.draw(st.sampled_from(forms), label="form")
        action = data.draw(odd_action(fuzz_site, form), label="action")
        send(fuzz_site, role, "POST", action, "POST", **data.draw(body(form.fields), label="body"))

    case()


def test_every_post_route_shows_a_form_on_some_page_or_says_why_not(fuzz_site: Site) -> None:
    missing = sorted(set(POST_ENDPOINTS) - set(fuzz_site.forms) - set(FORMLESS_POST_ROUTES))
    assert not missing, (
        f"no crawled page shows a form for {missing}: give the fuzz data what shows it (tests/fuzz/world.py), "
        "or list the route in FORMLESS_POST_ROUTES with the reason and its field names")
    stale = sorted(set(FORMLESS_POST_ROUTES) & set(fuzz_site.forms))
    assert not stale, f"these routes now show a form: take them out of FORMLESS_POST_ROUTES: {stale}"


@pytest.mark.parametrize("role", [role for role in ROLES if role != ANONYMOUS])
def test_each_role_is_still_signed_in_after_the_cases(fuzz_site: Site, role: str) -> None:
    assert fuzz_site.client(role).get("/dashboard").status_code == 200


def test_a_case_that_changes_a_row_is_noticed_and_undone(fuzz_site: Site) -> None:
    client = fuzz_site.client("student")
    fuzz_site.writes.count = 0
    response = client.post("/notifications/settings", data={"weekly_digest": "y"})
    assert response.status_code == 302
    assert fuzz_site.writes.count and digest(fuzz_site.app) != fuzz_site.baseline
    assert fuzz_site.after_case()
    assert digest(fuzz_site.app) == fuzz_site.baseline
