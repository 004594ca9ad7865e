"""Where a login may send the browser afterwards: only ever a path on this site."""

import pytest

from learnpm.security import is_safe_next


@pytest.mark.parametrize(
    ("target", "safe"),
    [
        ("/dashboard", True),
        ("/account/?tab=password", True),
        ("/a/b#c", True),
        ("//evil.example", False),
        ("///evil.example", False),
        ("https://evil.example", False),
        ("http://evil.example/dashboard", False),
        ("/\\evil.example", False),
        ("\\\\evil.example", False),
        ("javascript:alert(1)", False),
        ("evil.example", False),
        ("dashboard", False),
        ("", False),
        (None, False),
        ("/\tevil", False),
        ("/%0d%0aSet-Cookie:x", True),
        (" /dashboard", False),
    ],
)
def test_only_local_paths_are_safe(target, safe):
    assert is_safe_next(target) is safe
