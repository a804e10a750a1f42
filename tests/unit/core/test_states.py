"""Every job state has its words, once, for the table, the detail pane, the counts, notifications and the CLI."""

from __future__ import annotations

from importlib.resources import files

from flowmusic_gui.core.states import COUNT_ORDER, PROBLEM_ICON, STATE_WORDS, TERMINAL_STATES, JobState


def test_every_state_has_its_words() -> None:
    assert set(STATE_WORDS) == set(JobState) == set(COUNT_ORDER)
    for state, words in STATE_WORDS.items():
        assert state.words is words
        assert words.label and words.heading and words.tooltip and words.count_word, state
        # A job that ends in a state is notified with a title; a state a job passes through never is.
        assert bool(words.notify_title) == (state in TERMINAL_STATES), state


def test_the_status_sort_puts_what_needs_attention_first() -> None:
    ranked = sorted(JobState, key=lambda s: s.words.rank)
    assert ranked[0] is JobState.NEW and ranked[-1] is JobState.COMPLETED
    assert len({s.words.rank for s in JobState}) == len(JobState)


def test_states_the_api_will_not_show_explain_themselves() -> None:
    for state in (JobState.NOT_FOUND, JobState.FORBIDDEN):
        assert state.words.explanation and state.words.reason


def test_every_icon_named_is_shipped() -> None:
    icons = files("flowmusic_gui.resources").joinpath("icons")
    for name in {w.icon for w in STATE_WORDS.values()} | {PROBLEM_ICON}:
        assert icons.joinpath(f"{name}.svg").is_file(), name
