"""A case's stages and deadlines."""

from __future__ import annotations

from datetime import date

import pytest

from ruggie.grievance.domain.workflow import NEXT, Deadlines, MoveRefused, State, is_overdue, move


def test_the_way_to_remedy_and_back() -> None:
    state = State.RECEIVED
    for to in (State.ACKNOWLEDGED, State.INVESTIGATING, State.REMEDY_PROPOSED, State.REMEDY_AGREED,
               State.REMEDY_DELIVERED, State.CLOSED):  # fmt: skip
        state = move(state, to)
    assert move(state, State.APPEALED, "The money was never paid.") == State.APPEALED
    assert move(State.APPEALED, State.INVESTIGATING) == State.INVESTIGATING


def test_a_stage_cannot_be_skipped_and_the_message_says_where_it_can_go() -> None:
    with pytest.raises(MoveRefused, match="acknowledged, closed"):
        move(State.RECEIVED, State.REMEDY_DELIVERED)


@pytest.mark.parametrize(("start", "to"), [(State.RECEIVED, State.CLOSED), (State.CLOSED, State.APPEALED),
                                           (State.REMEDY_PROPOSED, State.INVESTIGATING)])  # fmt: skip
def test_closing_early_appealing_and_turning_down_need_a_reason(start: State, to: State) -> None:
    with pytest.raises(MoveRefused, match="Say why"):
        move(start, to, "  ")
    assert move(start, to, "Out of scope: a matter for the labour court.") == to


def test_every_state_can_move_somewhere_and_closed_is_the_only_end() -> None:
    assert set(NEXT) == set(State)
    assert all(NEXT[s] for s in State)


def test_deadlines_default_to_seven_days_to_acknowledge_and_can_be_changed() -> None:
    d = Deadlines()
    assert d.due_on(State.RECEIVED, date(2026, 1, 1)) == date(2026, 1, 8)
    assert d.due_on(State.CLOSED, date(2026, 1, 1)) is None
    assert not is_overdue(State.RECEIVED, date(2026, 1, 1), date(2026, 1, 8), d)
    assert is_overdue(State.RECEIVED, date(2026, 1, 1), date(2026, 1, 9), d)
    mine = d.with_changes({"received": 3, "feedback": 60})
    assert mine.due_on(State.RECEIVED, date(2026, 1, 1)) == date(2026, 1, 4) and mine.feedback_days == 60
    for bad in ({"received": 0}, {"nowhere": 5}, {"received": "7"}):
        with pytest.raises(MoveRefused):
            d.with_changes(bad)  # type: ignore[arg-type]
