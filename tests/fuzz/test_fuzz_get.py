"""Every GET route, with odd URL arguments and query strings, as every role: never a 5xx."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from learnpm import create_app
from tests.fuzz.cases import fill, fuzz_settings, send, with_query
from tests.fuzz.strategies import query_strings, url_value
from tests.fuzz.support import ANONYMOUS, ROLES, Site, converters, get_rules

pytestmark = pytest.mark.fuzz

# The URL map only: no database is opened to list the routes.
URL_MAP_APP = create_app({"TESTING": True, "DATABASE_URL": "sqlite://", "SECRET_KEY": "url-map",
                          "RATELIMIT_STORAGE_URI": "memory://"})
GET_RULES = {rule.rule: rule for rule in get_rules(URL_MAP_APP)}


@pytest.mark.parametrize("role", [role for role in ROLES if role != ANONYMOUS])
def test_each_role_is_signed_in_before_the_cases(fuzz_site: Site, role: str) -> None:
    assert fuzz_site.client(role).get("/dashboard").status_code == 200


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", [path for path, rule in GET_RULES.items() if rule.arguments])
def test_a_page_with_odd_url_arguments_answers_without_a_fault(fuzz_site: Site, path: str, role: str) -> None:
    rule = next(r for r in fuzz_site.app.url_map.iter_rules() if r.rule == path)
    seen = fuzz_site.url_values.get(rule.endpoint, [])
    arguments = {name: url_value(kind, sorted({v[name] for v in seen if name in v}))
                 for name, kind in converters(rule).items()}

    @fuzz_settings(12)
    @given(values=st.fixed_dictionaries(arguments), query=query_strings)
    def case(values: dict[str, object], query: list[tuple[str, str]]) -> None:
        send(fuzz_site, role, "GET", with_query(fill(rule, values), query), "GET with URL arguments")

    case()


@pytest.mark.parametrize("role", ROLES)
@pytest.mark.parametrize("path", [path for path, rule in GET_RULES.items() if not rule.arguments])
def test_a_page_with_an_odd_query_string_answers_without_a_fault(fuzz_site: Site, path: str, role: str) -> None:
    @fuzz_settings(4)
    @given(query=query_strings)
    def case(query: list[tuple[str, str]]) -> None:
        send(fuzz_site, role, "GET", with_query(path, query), "GET with a query string")

    case()
