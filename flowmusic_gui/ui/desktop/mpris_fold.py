"""Folding a burst of MPRIS calls into the few steps that have the same effect, in the order they came.

The bus thread adds each call to a :class:`Fold`; the GUI thread takes its steps from the front and carries them
out on the media controls (:func:`apply_step`). Only what is the same as applying the calls one by one is
merged, and only neighbours:

- a run of Play, Pause, PlayPause and Stop becomes at most a Stop, then a Play or a Pause, then a count of
  toggles (:class:`Transport`): a Stop ends whatever came before it, a Play or Pause sets the state whatever it
  was (having loaded a clip when a Play came before it), and the toggles after them flip it. Toggles that came
  before a Stop are therefore never applied after it;
- Next after Next (or Previous after Previous) adds up; a change of direction starts a new step. However many
  arrive in a row, at most :data:`MAX_SKIP` clips are skipped (a flood of Next must not churn through the
  table);
- Seeks the same way add up (a seek back clamps at the start either way); a change of direction starts a new
  step. A SetPosition replaces a SetPosition of the same track just before it, and the seeks after it follow
  it. Where seeks forward cross the clip's end, the sum goes to the next clip once and one by one would go on
  into it;
- Raise after Raise is one Raise; Quit ends the fold (nothing after it is carried out).

No Qt here: the fold is plain data shared by two threads behind the caller's lock.
"""

from __future__ import annotations

from collections import deque
from dataclasses import dataclass
from typing import Protocol

#: However many Next (or Previous) arrive in a row, at most this many clips are skipped in one go.
MAX_SKIP = 3
US = 1_000_000  # MPRIS times are microseconds
_SEEK_LIMIT = 2**62


class Controls(Protocol):
    """What the steps need of the media controls (ui/desktop/playback.MediaControls is one)."""

    @property
    def loaded(self) -> bool: ...  # a clip is playing or paused

    @property
    def playing(self) -> bool: ...

    def play(self) -> None: ...

    def pause(self) -> None: ...

    def play_pause(self) -> None: ...

    def stop(self) -> None: ...

    def next(self) -> None: ...

    def previous(self) -> None: ...

    def seek(self, offset_s: float) -> None: ...

    def set_position(self, track: str, seconds: float) -> None: ...


@dataclass
class Transport:
    """A run of Play/Pause/PlayPause/Stop as ``stop``, then ``play`` ("Play" or "Pause"), then ``toggles``.

    ``load``: a Play or PlayPause came between the Stop (or the run's start) and the last Pause, so the Pause
    finds a clip loaded even when there was none ("Play, Pause" with nothing playing ends paused on a clip).
    """

    stop: bool = False
    load: bool = False
    play: str | None = None
    toggles: int = 0

    def add(self, method: str) -> None:
        if method == "Stop":
            self.stop, self.load, self.play, self.toggles = True, False, None, 0
        elif method == "Play":
            self.load, self.play, self.toggles = True, "Play", 0
        elif method == "Pause":
            self.load = self.load or self.toggles > 0
            self.play, self.toggles = "Pause", 0
        else:  # PlayPause
            self.toggles += 1


@dataclass
class Skip:
    """Next (+) or Previous (-) in a row, one direction."""

    count: int


@dataclass
class Seek:
    """An optional SetPosition (track id, microseconds), then the seeks after it summed."""

    position: tuple[str, int] | None = None
    offset_us: int = 0
    seeks: int = 0  # how many: even seeks that add up to nothing start a paused clip, as one alone would


@dataclass
class Raise:
    pass


@dataclass
class Quit:
    pass


Step = Transport | Skip | Seek | Raise | Quit
TRANSPORT = frozenset({"Play", "Pause", "PlayPause", "Stop"})


class Fold:
    """The calls not yet carried out, as steps in their order; neighbours merged where the effect is the same."""

    def __init__(self) -> None:
        self.steps: deque[Step] = deque()
        self.calls = 0  # how many calls were folded in (for the log and the tests)

    def __bool__(self) -> bool:
        return bool(self.steps)

    def add(self, method: str, argument: object = None) -> None:
        last = self.steps[-1] if self.steps else None
        if isinstance(last, Quit):
            return  # the window is closing: nothing after Quit is carried out
        self.calls += 1
        if method in TRANSPORT:
            if isinstance(last, Transport):
                last.add(method)
                return
            run = Transport()
            run.add(method)
            self.steps.append(run)
        elif method in ("Next", "Previous"):
            sign = 1 if method == "Next" else -1
            if isinstance(last, Skip) and (last.count > 0) == (sign > 0):
                last.count = max(-MAX_SKIP, min(MAX_SKIP, last.count + sign))
                return
            self.steps.append(Skip(sign))
        elif method == "Seek" and isinstance(argument, int):
            if isinstance(last, Seek) and (last.offset_us == 0 or (last.offset_us > 0) == (argument > 0)):
                last.offset_us = max(-_SEEK_LIMIT, min(_SEEK_LIMIT, last.offset_us + argument))
                last.seeks += 1
                return
            self.steps.append(Seek(offset_us=max(-_SEEK_LIMIT, min(_SEEK_LIMIT, argument)), seeks=1))
        elif method == "SetPosition" and isinstance(argument, tuple):
            position = (str(argument[0]), int(argument[1]))
            # Only over a SetPosition of the same track: one of another track may be ignored where this is not.
            if isinstance(last, Seek) and not last.seeks and last.position and last.position[0] == position[0]:
                last.position = position
                return
            self.steps.append(Seek(position=position))
        elif method == "Raise":
            if not isinstance(last, Raise):
                self.steps.append(Raise())
        elif method == "Quit":
            self.steps.append(Quit())
        else:
            self.calls -= 1

    def take(self) -> Step | None:
        """The first step, removed (None when there is none)."""
        return self.steps.popleft() if self.steps else None


def apply_transport(run: Transport, c: Controls) -> None:
    """Carry out a run of Play/Pause/PlayPause/Stop with one call per change of state.

    The toggles are counted, not replayed: the player reports a change of state a moment after it is asked, so
    two toggles in one turn would read the same state twice. With nothing loaded the first toggle plays (as
    PlayPause does then), and each one after it flips.
    """
    playing: bool | None = None  # what the calls so far made it, None: as the player says
    if run.stop:
        c.stop()
        playing = False
    if run.play == "Play":
        c.play()
        playing = True
    elif run.play == "Pause":
        if run.load and not c.loaded:
            c.play()  # what the Play or PlayPause before the Pause started
        c.pause()
        playing = False
    toggles = run.toggles
    if not toggles:
        return
    if not c.loaded:
        c.play()  # the first toggle with nothing loaded starts the selected (or newest) clip
        if not c.loaded:
            return  # nothing to play: every further toggle would try the same
        toggles -= 1
        playing = True
    if playing is None:
        playing = c.playing
    if toggles % 2:
        c.pause() if playing else c.play()


def apply_step(step: Step, c: Controls) -> bool:
    """Carry out ``step``; False when it was Quit (the caller stops there)."""
    if isinstance(step, Transport):
        apply_transport(step, c)
    elif isinstance(step, Skip):
        for _ in range(abs(step.count)):
            c.next() if step.count > 0 else c.previous()
    elif isinstance(step, Seek):
        if step.position is not None:
            c.set_position(step.position[0], step.position[1] / US)  # ignored when its track is not the one
        if step.seeks:
            c.seek(step.offset_us / US)
    elif isinstance(step, Quit):
        return False
    return True
