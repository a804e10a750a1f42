"""A finished song's notification text as a user reads it: a bidirectional override in a server's title stays
inside the title and cannot reorder the app's own words around it ("3 clips" must not read "spilc 3")."""

from __future__ import annotations

import itertools

from PySide6.QtGui import QFont, QTextLayout

from flowmusic_gui.core.records import JobState
from flowmusic_gui.ui.desktop.notifications import describe, describe_group

from ..conftest import view

RLO = "\u202e"


def reads_left_to_right(text: str, words: str) -> bool:
    """True when Qt lays out ``words`` (a part of ``text``) left to right, as written."""
    layout = QTextLayout(text, QFont())
    layout.beginLayout()
    line = layout.createLine()
    line.setLineWidth(100_000)
    layout.endLayout()
    start = text.index(words)
    xs = [line.cursorToX(start + k)[0] for k in range(len(words) + 1)]  # type: ignore[index]
    return all(a < b for a, b in itertools.pairwise(xs))


def test_an_override_in_a_title_does_not_reverse_the_clip_count(qapp: object) -> None:
    _title, body = describe(view(1, title=f"evil{RLO} 0", clips=3))
    assert "evil" in body and RLO in body  # the title is shown as the server sent it
    assert reads_left_to_right(body, "3 clips"), body


def test_a_title_that_closes_the_isolate_itself_does_not_reverse_the_clip_count(qapp: object) -> None:
    _title, body = describe(view(1, title=f"evil\u2069{RLO} 0", clips=2))
    assert reads_left_to_right(body, "2 clips"), body


def test_an_override_in_a_failed_title_does_not_reverse_the_reason(qapp: object) -> None:
    failed = view(2, JobState.FAILED, extra={"clips": [{"title": f"bad{RLO}"}]})
    _title, body = describe(failed)
    assert reads_left_to_right(body, "the model refused"), body


def test_an_override_in_a_group_does_not_reverse_the_other_titles(qapp: object) -> None:
    views = [view(n, title=t) for n, t in enumerate([f"one{RLO}", "second song", "third", "fourth", "fifth"])]
    title, body = describe_group(views)
    assert title == "5 songs ready"
    assert reads_left_to_right(body, "second song"), body
    assert reads_left_to_right(body, "and 2 more"), body


def test_a_song_without_a_title_is_named_by_its_prompt_or_its_short_id(qapp: object) -> None:
    # The same name the table shows: never "Untitled".
    _title, body = describe(view(1, title=None, prompt="rainy city blues", clips=2))
    assert "rainy city blues" in body and "Untitled" not in body
    bare = view(2, title=None, prompt=None, clips=1)
    _title, body = describe(bare)
    assert "Untitled" not in body and bare.name in body and bare.name.startswith("job:")
    _title, body = describe_group([bare, view(3, title=None, prompt="sea shanty")])
    assert "Untitled" not in body and bare.name in body and "sea shanty" in body
