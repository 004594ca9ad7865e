"""Sending one fuzz case and judging its answer: never a 5xx, and a refused request leaves every table as it was."""

from __future__ import annotations

import json
import logging
import os
import re
from typing import Any
from urllib.parse import quote, urlencode

from hypothesis import HealthCheck, Phase, settings
from werkzeug.routing import Rule

from tests.fuzz.support import Site, is_refusal

# Cases per route and role; LEARNPM_FUZZ_EXAMPLES multiplies them for a long run, LEARNPM_FUZZ_SHRINK=0 skips
# shrinking, and LEARNPM_FUZZ_RECORD names a file where every fault is written down instead of failing the test.
SCALE = float(os.environ.get("LEARNPM_FUZZ_EXAMPLES", "1") or 1)
RECORD = os.environ.get("LEARNPM_FUZZ_RECORD", "")
SHRINK = os.environ.get("LEARNPM_FUZZ_SHRINK", "1") != "0"
PHASES = [Phase.explicit, Phase.generate, *([Phase.shrink] if SHRINK else [])]


def fuzz_settings(examples: int) -> settings:
    """Return bounded, repeatable settings: the same cases on every run, no example database."""
    return settings(max_examples=max(1, int(examples * SCALE)), deadline=None, derandomize=True, database=None,
                    phases=PHASES, suppress_health_check=list(HealthCheck))


class LastError(logging.Handler):
    """Keep the last fault the app logged, to show it beside a 5xx."""

    def __init__(self) -> None:
        super().__init__(logging.ERROR)
        self.text = ""

    def emit(self, record: logging.LogRecord) -> None:
        exc = record.exc_info[1] if record.exc_info else None
        self.text = f"{type(exc).__name__}: {exc}" if exc else record.getMessage()


LAST_ERROR = LastError()
logging.getLogger("learnpm").addHandler(LAST_ERROR)


def fill(rule: Rule, values: dict[str, Any]) -> str:
    """Return the rule's path with each argument replaced by its value, escaped as a browser would."""
    return re.sub(r"<(?:[^<>:]+:)?([^<>]+)>", lambda match: quote(str(values[match[1]]), safe=""), rule.rule)


def with_query(path: str, pairs: list[tuple[str, str]]) -> str:
    """Return the path with the query string of `pairs`."""
    if not pairs:
        return path
    return f"{path}?{urlencode([(k, v.encode('utf-8', 'surrogatepass')) for k, v in pairs])}"


def send(site: Site, role: str, method: str, path: str, kind: str, **kwargs: Any) -> None:
    """Send one case and check its answer; put the data back when the case changed it."""
    client = site.client(role)
    site.writes.count = 0
    LAST_ERROR.text = ""
    response = client.open(path, method=method, **kwargs)
    response.get_data()
    response.close()
    site.counts[kind] += 1
    status = response.status_code
    what = f"{method} {path} as {role} ({kwargs.get('content_type') or 'form'})"
    changed = site.after_case()
    faults = [f"answered {status}: {LAST_ERROR.text}"] if status >= 500 else []
    faults += [f"refused with {status} but the data changed"] if changed and is_refusal(response) else []
    if RECORD and faults:
        with open(RECORD, "a", encoding="utf-8") as record:
            record.write(json.dumps({"kind": kind, "case": what, "fault": faults[0]}) + "\n")
        return
    assert not faults, f"{what}: {faults[0]}"
