"""Does a law apply to this organisation? A small rule engine that explains itself.

A law's scope is a tree of conditions from its rule file (``data/laws/*.yaml``):
``all`` / ``any`` / ``at_least`` (n of the listed tests, e.g. two of three size tests) /
``not``, with leaf tests on the organisation's facts. Logic is three-valued: a test on a
fact the profile does not give is *unknown*, and the answer is then "cannot tell", naming the
facts that would decide it. Every leaf that was evaluated is reported with the value it used,
the threshold, the article it comes from and its source, so the answer can be checked by a
lawyer line by line.

Money is compared in the threshold's currency. A figure in another currency is converted at a
rate the organisation states (with its date and where it comes from: usually the rate of its
own accounts); with no rate for that pair the test is unknown, never guessed.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from typing import Any


class Answer(StrEnum):
    APPLIES = "applies"
    DOES_NOT_APPLY = "does_not_apply"
    CANNOT_TELL = "cannot_tell"


ANSWER_LABELS = {
    Answer.APPLIES: "Applies",
    Answer.DOES_NOT_APPLY: "Does not apply",
    Answer.CANNOT_TELL: "Cannot tell",
}


@dataclass(frozen=True)
class Money:
    amount: Decimal
    currency: str  # ISO 4217

    def __str__(self) -> str:
        return f"{self.currency} {self.amount:,.0f}"


@dataclass(frozen=True)
class Rate:
    """1 ``base`` = ``value`` ``quote``, as of ``on``, from ``source``."""

    base: str
    quote: str
    value: Decimal
    on: str
    source: str


@dataclass
class Facts:
    """What the organisation told ruggie. Missing is None (or absent from a mapping)."""

    values: dict[str, Any] = field(default_factory=dict)
    rates: list[Rate] = field(default_factory=list)

    def get(self, name: str) -> Any:
        """``employees.DE`` reads the ``DE`` entry of ``employees``."""
        head, _, tail = name.partition(".")
        value = self.values.get(head)
        if tail:
            return value.get(tail) if isinstance(value, Mapping) else None
        return value

    def convert(self, money: Money, currency: str) -> tuple[Money, Rate | None] | None:
        if money.currency == currency:
            return money, None
        for rate in self.rates:
            if rate.base == money.currency and rate.quote == currency:
                return Money(money.amount * rate.value, currency), rate
            if rate.quote == money.currency and rate.base == currency and rate.value:
                return Money(money.amount / rate.value, currency), rate
        return None


@dataclass(frozen=True)
class Step:
    """One evaluated leaf test, for the explanation."""

    text: str  # the test in words: "Total turnover at least GBP 36,000,000"
    fact: str
    used: str  # the value it used, in words, or "not given"
    result: bool | None
    article: str
    source: str
    unverified: bool = False
    note: str = ""  # e.g. the conversion applied


@dataclass(frozen=True)
class Verdict:
    answer: Answer
    steps: list[Step]
    missing: list[str]  # facts that would decide a "cannot tell"


def _money(raw: Any) -> Money | None:
    if isinstance(raw, Money):
        return raw
    if isinstance(raw, Mapping) and raw.get("amount") not in (None, "") and raw.get("currency"):
        return Money(Decimal(str(raw["amount"])), str(raw["currency"]).upper())
    return None


def _number(raw: Any) -> Decimal | None:
    if raw is None or raw == "" or isinstance(raw, bool):
        return None
    try:
        return Decimal(str(raw))
    except ArithmeticError:
        return None


def _words(value: Any) -> str:
    if value is None or value == "" or value == []:
        return "not given"
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, Decimal):
        return f"{value:,.0f}"
    if isinstance(value, list | tuple | set):
        return ", ".join(str(v) for v in sorted(value))
    return str(value)


def _leaf(test: Mapping[str, Any], facts: Facts) -> Step:
    fact = str(test["fact"])
    raw = facts.get(fact)
    text = str(test.get("text") or fact)
    article = str(test.get("article", ""))
    source = str(test.get("source", ""))
    unverified = bool(test.get("unverified", False))

    def step(result: bool | None, used: str, note: str = "") -> Step:
        return Step(text, fact, used, result, article, source, unverified, note)

    if "at_least" in test or "above" in test or "below" in test:
        op = "at_least" if "at_least" in test else ("above" if "above" in test else "below")
        threshold = test[op]
        if isinstance(threshold, Mapping):  # money
            limit = _money(threshold)
            assert limit is not None, f"{fact}: a money threshold needs amount and currency"
            given = _money(raw)
            if given is None:
                return step(None, "not given")
            converted = facts.convert(given, limit.currency)
            if converted is None:
                return step(None, str(given), f"no {given.currency}→{limit.currency} rate given")
            value, rate = converted
            note = ""
            if rate:
                note = f"{given} converted at 1 {rate.base} = {rate.value} {rate.quote}"
                note += f" ({rate.on}, {rate.source}) = {value}"
            amount, bound = value.amount, limit.amount
            used = str(given)
        else:
            number = _number(raw)
            if number is None:
                return step(None, "not given")
            amount, bound, note, used = number, Decimal(str(threshold)), "", _words(number)
        result = (
            amount >= bound if op == "at_least" else (amount > bound if op == "above" else amount < bound)
        )
        return step(result, used, note)
    if "is" in test:
        if raw is None:
            return step(None, "not given")
        return step(bool(raw) == bool(test["is"]), _words(raw))
    if "in" in test or "not_in" in test:  # the fact (a country code) is (not) one of these
        if raw in (None, ""):
            return step(None, "not given")
        inside = str(raw) in {str(v) for v in test.get("in", test.get("not_in", ()))}
        return step(inside if "in" in test else not inside, _words(raw))
    if "includes_any" in test:  # the fact (a list) includes one of these
        if raw is None:
            return step(None, "not given")
        wanted = {str(v) for v in test["includes_any"]}
        return step(bool(wanted & {str(v) for v in raw}), _words(raw))
    raise ValueError(f"test on {fact}: no operator (at_least, above, below, is, in, not_in, includes_any)")


def evaluate(condition: Mapping[str, Any], facts: Facts) -> tuple[bool | None, list[Step]]:
    if "fact" in condition:
        s = _leaf(condition, facts)
        return s.result, [s]
    steps: list[Step] = []
    results: list[bool | None] = []
    kind = next(k for k in ("all", "any", "at_least", "not") if k in condition)
    parts: Sequence[Mapping[str, Any]]
    if kind == "not":
        result, inner = evaluate(condition["not"], facts)
        return (None if result is None else not result), inner
    parts = condition["at_least"]["of"] if kind == "at_least" else condition[kind]
    for part in parts:
        result, inner = evaluate(part, facts)
        results.append(result)
        steps += inner
    yes, unknown = results.count(True), results.count(None)
    if kind == "all":
        return (False if False in results else (None if unknown else True)), steps
    if kind == "any":
        return (True if yes else (None if unknown else False)), steps
    needed = int(condition["at_least"]["n"])
    if yes >= needed:
        return True, steps
    return (None if yes + unknown >= needed else False), steps


def decide(scope: Mapping[str, Any], facts: Facts) -> Verdict:
    result, steps = evaluate(scope, facts)
    answer = {True: Answer.APPLIES, False: Answer.DOES_NOT_APPLY, None: Answer.CANNOT_TELL}[result]
    # A figure given in another currency lacks a rate, not the figure.
    missing = sorted({s.note if s.note else s.fact for s in steps if s.result is None})
    if answer != Answer.CANNOT_TELL:
        missing = []
    return Verdict(answer, steps, missing)
