"""The site's navigation, which depends on the roles a user holds."""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from flask import request, url_for
from flask_login import current_user


@dataclass(frozen=True)
class NavItem:
    """One link in the main navigation."""

    label: str
    endpoint: str

    @property
    def url(self) -> str:
        """Return the link's address."""
        return plain_url(self.endpoint)

    @property
    def current(self) -> bool:
        """Tell whether the page being shown is this link's."""
        return request.endpoint == self.endpoint


def plain_url(endpoint: str) -> str:
    """Return the address of a page that takes no values, built once per mount point: every page's frame links the
    same dozen pages, and building each address again cost more than the rest of the navigation."""
    return _built(request.script_root, endpoint)


@lru_cache(maxsize=128)
def _built(_script_root: str, endpoint: str) -> str:
    return url_for(endpoint)


_MARK = 918_273_645_546  # a whole number no address of the site holds but where a row's id goes


def id_url(endpoint: str, name: str, value: int) -> str:
    """Return the address of a page that takes one whole number `name`, filled into a pattern built once per mount
    point: a list of fifty rows links fifty such pages, and building each address cost more than the rest of its row."""
    prefix, suffix = _pattern(request.script_root, endpoint, name)
    return f"{prefix}{int(value)}{suffix}"


@lru_cache(maxsize=128)
def _pattern(_script_root: str, endpoint: str, name: str) -> tuple[str, str]:
    prefix, _, suffix = url_for(endpoint, **{name: _MARK}).partition(str(_MARK))
    return prefix, suffix


def navigation_for(user: object = None) -> list[NavItem]:
    """Return the links the current user should see, in order."""
    user = user or current_user
    if not getattr(user, "is_authenticated", False):
        return [NavItem("Home", "main.index")]
    items = [NavItem("Dashboard", "main.dashboard")]
    if user.is_learner:
        items += [NavItem("Scenarios", "scenarios.catalogue"), NavItem("Progress", "scenarios.progress"),
                  NavItem("Experience", "experience.dashboard"), NavItem("Documents", "documents.index")]
    items.append(NavItem("Mentoring", "mentoring.index"))
    items.append(NavItem("Reviews", "reviews.index"))
    items.append(NavItem("Account", "account.settings"))
    return items
