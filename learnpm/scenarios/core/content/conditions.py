"""Parse and evaluate the condition grammar of scenario files, without ever calling eval.

Grammar (lowest precedence first)::

    condition  := or_expr
    or_expr    := and_expr ("or" and_expr)*
    and_expr   := not_expr ("and" not_expr)*
    not_expr   := "not" not_expr | atom
    atom       := "(" condition ")" | NAME OP NUMBER | "clock" OP TIME | NAME
    OP         := "<" | "<=" | ">" | ">=" | "==" | "!="
    TIME       := a quoted "HH:MM" (double or single quotes)

A NAME compared with a number is a meter; a bare NAME is a flag.
"""

from __future__ import annotations

import operator
import re
from collections.abc import Callable, Iterator, Mapping, Set
from dataclasses import dataclass

KEYWORDS = frozenset({"and", "or", "not", "clock"})
_COMPARE: Mapping[str, Callable[[int, int], bool]] = {
    "<": operator.lt,
    "<=": operator.le,
    ">": operator.gt,
    ">=": operator.ge,
    "==": operator.eq,
    "!=": operator.ne,
}
_TOKEN = re.compile(
    r"""(?P<space>\s+)
      |(?P<number>\d+)
      |(?P<time>"[^"]*"|'[^']*')
      |(?P<op><=|>=|==|!=|<|>)
      |(?P<paren>[()])
      |(?P<name>[A-Za-z_][A-Za-z0-9_]*)""",
    re.VERBOSE,
)
_CLOCK_TIME = re.compile(r"([01]\d|2[0-3]):([0-5]\d)")
# Mistakes authors coming from programming languages make, with the fix to suggest.
_SUGGESTIONS = {"=": "use '==' to compare", "&": "use 'and'", "|": "use 'or'", "!": "use 'not' or '!='"}


class ConditionError(ValueError):
    """A condition that does not follow the grammar, with the 0-based position of the fault."""

    def __init__(self, source: str, position: int, problem: str) -> None:
        self.source = source
        self.position = position
        self.problem = problem
        super().__init__(f"{problem} at column {position + 1} of {source!r}")


def clock_minutes(text: str) -> int:
    """Return minutes since midnight for a "HH:MM" string; raise ValueError otherwise."""
    match = _CLOCK_TIME.fullmatch(text)
    if match is None:
        raise ValueError(f"{text!r} is not a time written as \"HH:MM\" (00:00 to 23:59)")
    return int(match.group(1)) * 60 + int(match.group(2))


def clock_text(minutes: int) -> str:
    """Format minutes since midnight as "HH:MM"."""
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


@dataclass(frozen=True)
class MeterTest:
    """Compare a meter with a number: ``trust >= 60``."""

    meter: str
    op: str
    value: int

    def evaluate(self, meters: Mapping[str, int], flags: Set[str], clock: int) -> bool:
        """Return whether the meter's current value passes the comparison."""
        if self.meter not in meters:
            raise LookupError(f"condition reads meter {self.meter!r}, which this play does not have")
        return _COMPARE[self.op](meters[self.meter], self.value)


@dataclass(frozen=True)
class ClockTest:
    """Compare the time of day with a fixed time: ``clock >= "12:00"``."""

    op: str
    minutes: int

    def evaluate(self, meters: Mapping[str, int], flags: Set[str], clock: int) -> bool:
        """Return whether the clock passes the comparison."""
        return _COMPARE[self.op](clock, self.minutes)


@dataclass(frozen=True)
class FlagTest:
    """Hold when a flag is set: ``vendor_ticket``."""

    flag: str

    def evaluate(self, meters: Mapping[str, int], flags: Set[str], clock: int) -> bool:
        """Return whether the flag is set."""
        return self.flag in flags


@dataclass(frozen=True)
class Not:
    """Negate an expression."""

    operand: Expression

    def evaluate(self, meters: Mapping[str, int], flags: Set[str], clock: int) -> bool:
        """Return the opposite of the operand."""
        return not self.operand.evaluate(meters, flags, clock)


@dataclass(frozen=True)
class AllOf:
    """Hold when every operand holds (``and``)."""

    operands: tuple[Expression, ...]

    def evaluate(self, meters: Mapping[str, int], flags: Set[str], clock: int) -> bool:
        """Return whether all operands hold."""
        return all(operand.evaluate(meters, flags, clock) for operand in self.operands)


@dataclass(frozen=True)
class AnyOf:
    """Hold when at least one operand holds (``or``)."""

    operands: tuple[Expression, ...]

    def evaluate(self, meters: Mapping[str, int], flags: Set[str], clock: int) -> bool:
        """Return whether any operand holds."""
        return any(operand.evaluate(meters, flags, clock) for operand in self.operands)


Leaf = MeterTest | ClockTest | FlagTest
Expression = MeterTest | ClockTest | FlagTest | Not | AllOf | AnyOf


def leaves(expression: Expression) -> Iterator[Leaf]:
    """Yield the comparisons and flag tests an expression is made of."""
    if isinstance(expression, Not):
        yield from leaves(expression.operand)
    elif isinstance(expression, AllOf | AnyOf):
        for operand in expression.operands:
            yield from leaves(operand)
    else:
        yield expression


@dataclass(frozen=True)
class Condition:
    """A parsed condition together with the text it came from."""

    source: str
    expression: Expression

    def evaluate(self, meters: Mapping[str, int], flags: Set[str], clock_minutes: int) -> bool:
        """Return whether the condition holds for these meters, flags and time of day."""
        return self.expression.evaluate(meters, flags, clock_minutes)

    def meters_read(self) -> frozenset[str]:
        """Return the meters the condition compares."""
        return frozenset(leaf.meter for leaf in leaves(self.expression) if isinstance(leaf, MeterTest))

    def flags_read(self) -> frozenset[str]:
        """Return the flags the condition tests."""
        return frozenset(leaf.flag for leaf in leaves(self.expression) if isinstance(leaf, FlagTest))

    def names(self) -> frozenset[str]:
        """Return every meter and flag name the condition reads."""
        return self.meters_read() | self.flags_read()

    def meter_tests(self) -> tuple[MeterTest, ...]:
        """Return the meter comparisons, for range checks."""
        return tuple(leaf for leaf in leaves(self.expression) if isinstance(leaf, MeterTest))

    def clock_tests(self) -> tuple[ClockTest, ...]:
        """Return the clock comparisons, for time checks."""
        return tuple(leaf for leaf in leaves(self.expression) if isinstance(leaf, ClockTest))

    def __str__(self) -> str:
        return self.source


@dataclass(frozen=True)
class _Token:
    kind: str  # number | time | op | paren | name | keyword | end
    text: str
    position: int


def tokenize(source: str) -> tuple[_Token, ...]:
    """Split a condition into tokens; raise ConditionError at the first character that fits none."""
    tokens: list[_Token] = []
    position = 0
    while position < len(source):
        match = _TOKEN.match(source, position)
        if match is None:
            raise ConditionError(source, position, _unexpected_character(source[position]))
        kind = match.lastgroup or "space"
        if kind == "name" and match.group() in KEYWORDS:
            kind = "keyword"
        if kind != "space":
            tokens.append(_Token(kind, match.group(), position))
        position = match.end()
    tokens.append(_Token("end", "", len(source)))
    return tuple(tokens)


def _unexpected_character(character: str) -> str:
    if character in "\"'":
        return "unterminated quoted time"
    suggestion = _SUGGESTIONS.get(character)
    return f"unexpected {character!r}" + (f" ({suggestion})" if suggestion else "")


def parse_condition(source: str) -> Condition:
    """Parse a condition; raise ConditionError naming the position of the first fault."""
    parser = _Parser(source, tokenize(source))
    if parser.peek().kind == "end":
        raise ConditionError(source, 0, "empty condition")
    expression = parser.parse_or()
    token = parser.peek()
    if token.kind != "end":
        raise ConditionError(source, token.position, f"expected 'and', 'or' or the end, found {token.text!r}")
    return Condition(source, expression)


class _Parser:
    """A recursive-descent parser over a token list; one method per grammar rule."""

    def __init__(self, source: str, tokens: tuple[_Token, ...]) -> None:
        self.source = source
        self.tokens = tokens
        self.index = 0

    def peek(self) -> _Token:
        return self.tokens[self.index]

    def take(self) -> _Token:
        token = self.tokens[self.index]
        self.index = min(self.index + 1, len(self.tokens) - 1)
        return token

    def fail(self, token: _Token, expected: str) -> ConditionError:
        found = "the end" if token.kind == "end" else repr(token.text)
        return ConditionError(self.source, token.position, f"expected {expected}, found {found}")

    def parse_or(self) -> Expression:
        operands = [self.parse_and()]
        while self.peek().text == "or" and self.peek().kind == "keyword":
            self.take()
            operands.append(self.parse_and())
        return operands[0] if len(operands) == 1 else AnyOf(tuple(operands))

    def parse_and(self) -> Expression:
        operands = [self.parse_not()]
        while self.peek().text == "and" and self.peek().kind == "keyword":
            self.take()
            operands.append(self.parse_not())
        return operands[0] if len(operands) == 1 else AllOf(tuple(operands))

    def parse_not(self) -> Expression:
        if self.peek().text == "not" and self.peek().kind == "keyword":
            self.take()
            return Not(self.parse_not())
        return self.parse_atom()

    def parse_atom(self) -> Expression:
        token = self.take()
        if token.text == "(":
            expression = self.parse_or()
            if self.peek().text != ")":
                raise self.fail(self.peek(), "')'")
            self.take()
            return expression
        if token.text == "clock":
            return self.parse_clock(token)
        if token.kind != "name":
            raise self.fail(token, "a flag, a comparison or '('")
        if self.peek().kind != "op":
            return FlagTest(token.text)
        op = self.take().text
        value = self.take()
        if value.kind != "number":
            raise self.fail(value, f"a whole number after {token.text!r} {op}")
        return MeterTest(token.text, op, int(value.text))

    def parse_clock(self, clock: _Token) -> ClockTest:
        op = self.take()
        if op.kind != "op":
            raise self.fail(op, 'a comparison after clock, as in clock >= "12:00"')
        value = self.take()
        if value.kind != "time":
            raise self.fail(value, 'a quoted time after clock, as in clock >= "12:00"')
        try:
            return ClockTest(op.text, clock_minutes(value.text[1:-1]))
        except ValueError:
            raise ConditionError(self.source, value.position, f'{value.text} is not a "HH:MM" time') from None
