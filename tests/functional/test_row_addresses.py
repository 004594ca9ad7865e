"""The address a list builds for each of its rows from one pattern is the address Flask builds for that row, on a
site at the root and on one mounted under a path."""

from __future__ import annotations

import pytest
from flask import url_for

from learnpm.navigation import id_url


@pytest.mark.parametrize("script_root", ["", "/pm"])
@pytest.mark.parametrize(("endpoint", "name"), [("mentoring.mentee", "link_id"), ("reviews.show", "review_id")])
def test_a_rows_address_is_the_one_flask_builds(app, script_root, endpoint, name):
    for value in (1, 7, 42, 918_273_645, 10**12):
        with app.test_request_context("/dashboard", base_url=f"http://localhost{script_root}"):
            assert id_url(endpoint, name, value) == url_for(endpoint, **{name: value})
            assert id_url(endpoint, name, value).startswith(f"{script_root}/")
