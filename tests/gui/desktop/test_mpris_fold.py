"""The fold of MPRIS calls on its own: a burst of calls, folded and carried out, ends where the same calls carried
out one by one end (the clip loaded, playing or paused, the position, the clip a Play would start).

The controls are a model of ui/desktop/playback.MediaControls over a long table of long clips: Play with nothing
loaded starts the selected clip (else the newest) and selects it; PlayPause with nothing loaded plays; Next and
Previous with nothing loaded play, else start the neighbour; a seek starts a paused clip; a SetPosition for
another track is ignored; a position past the end goes to the next clip.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass

from hypothesis import given
from hypothesis import strategies as st

from flowmusic_gui.ui.desktop.mpris_fold import MAX_SKIP, US, Fold, Quit, Raise, Skip, Transport, apply_step

CLIPS = 100
LENGTH_S = 1000.0


@dataclass
class Model:
    """The controls, with state that changes at once (the real player reports its state a moment later)."""

    selected: int | None = None
    loaded: bool = False
    clip: int = 0
    playing: bool = False
    position: float = 0.0

    def state(self) -> tuple[object, ...]:
        """What a user sees and gets: the clip loaded, playing or not, where, and the clip Play would start.

        The last is the selection, where nothing selected means the newest: a Play that a Stop later in the
        same burst undid is not carried out, so it does not move the selection from nothing to the newest song
        (which a Play then starts all the same).
        """
        then = self.selected if self.selected is not None else CLIPS - 1
        return (self.loaded, self.loaded and self.clip, self.playing, round(self.position, 6), then)

    def _start(self, clip: int) -> None:
        self.selected, self.loaded, self.clip, self.playing, self.position = clip, True, clip, True, 0.0

    def play(self) -> None:
        if self.loaded:
            self.playing = True
        else:
            self._start(self.selected if self.selected is not None else CLIPS - 1)

    def pause(self) -> None:
        if self.loaded:
            self.playing = False

    def play_pause(self) -> None:
        if self.loaded:
            self.playing = not self.playing
        else:
            self.play()

    def stop(self) -> None:
        self.loaded, self.playing, self.position = False, False, 0.0

    def next(self) -> None:
        self._step(+1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        if not self.loaded:
            self.play()
        elif 0 <= self.clip + delta < CLIPS:
            self._start(self.clip + delta)

    def track(self) -> str:
        return f"t{self.clip}" if self.loaded else "none"

    def seek(self, offset_s: float) -> None:
        self.set_position(self.track(), self.position + offset_s)

    def set_position(self, track: str, seconds: float) -> None:
        if not self.loaded or track != self.track():
            return
        if seconds > LENGTH_S:
            self.next()
            return
        self.position = max(0.0, seconds)
        self.playing = True


def one_by_one(model: Model, calls: Sequence[tuple[str, object]]) -> None:
    """Each call as the controls would carry it out alone; the one rule of the fold that is policy, not
    equivalence: a run of more than MAX_SKIP Next (or Previous) skips MAX_SKIP clips."""
    run_method, run = "", 0
    for method, argument in calls:
        if method in ("Next", "Previous"):
            run = run + 1 if method == run_method else 1
            run_method = method
            if run <= MAX_SKIP:
                model.next() if method == "Next" else model.previous()
            continue
        run_method, run = "", 0
        if method == "Quit":
            return
        if method == "Play":
            model.play()
        elif method == "Pause":
            model.pause()
        elif method == "PlayPause":
            model.play_pause()
        elif method == "Stop":
            model.stop()
        elif method == "Seek":
            assert isinstance(argument, int)
            model.seek(argument / US)
        elif method == "SetPosition":
            assert isinstance(argument, tuple)
            model.set_position(argument[0], argument[1] / US)


def folded(model: Model, calls: Sequence[tuple[str, object]]) -> Fold:
    fold = Fold()
    for method, argument in calls:
        fold.add(method, argument)
    kept = Fold()
    kept.steps.extend(fold.steps)
    while (step := fold.take()) is not None:
        if not isinstance(step, Raise) and not apply_step(step, model):
            break
    return kept


TRANSPORT = ["Play", "Pause", "PlayPause", "Stop"]
call = st.one_of(
    st.sampled_from([(m, None) for m in [*TRANSPORT, *TRANSPORT, "Next", "Previous", "Raise", "Quit"]]),
    st.tuples(st.just("Seek"), st.integers(-5 * US, 5 * US)),
    # a track id that is the playing clip's or a neighbour's; positions well inside the clip
    st.tuples(st.just("SetPosition"), st.tuples(st.sampled_from(["t50", "t51", "t49", "t99"]),
                                                st.integers(0, 900 * US))),
)
start = st.builds(
    Model,
    selected=st.sampled_from([None, 50]),
    loaded=st.booleans(),
    clip=st.just(50),
    playing=st.booleans(),
    position=st.sampled_from([0.0, 12.5]),
).map(lambda m: m if m.loaded else Model(selected=m.selected))


@given(start, st.lists(call, max_size=40))
def test_folded_calls_end_where_the_calls_one_by_one_end(model: Model, calls: list[tuple[str, object]]) -> None:
    expected = Model(**vars(model))
    one_by_one(expected, calls)
    folded(model, calls)
    assert model.state() == expected.state()


def play_state(model: Model, methods: list[str]) -> tuple[object, ...]:
    folded(model, [(m, None) for m in methods])
    return model.state()


def test_toggles_before_a_stop_are_not_carried_out_after_it() -> None:
    playing = Model(selected=50, loaded=True, clip=50, playing=True)
    # Three toggles, then Stop: stopped, whatever the toggles did.
    assert play_state(Model(**vars(playing)), ["PlayPause"] * 3 + ["Stop"]) == (False, False, False, 0.0, 50)
    # The toggles after a Stop count from stopped: the first plays, the second pauses.
    assert play_state(Model(**vars(playing)), ["PlayPause"] * 3 + ["Stop", "PlayPause"]) == (True, 50, True, 0.0, 50)
    assert play_state(Model(**vars(playing)), ["Stop", "PlayPause", "PlayPause"]) == (True, 50, False, 0.0, 50)
    # Nothing loaded, nothing selected: PlayPause starts the newest clip.
    assert play_state(Model(), ["PlayPause"]) == (True, CLIPS - 1, True, 0.0, CLIPS - 1)
    # Play, then Pause, with nothing loaded: paused on the clip the Play started.
    assert play_state(Model(selected=50), ["Play", "Pause"]) == (True, 50, False, 0.0, 50)


def test_a_burst_folds_to_a_few_steps() -> None:
    calls = [("PlayPause", None)] * 3001 + [("Stop", None)] + [("PlayPause", None)] * 3001
    fold = folded(Model(), calls)
    assert list(fold.steps) == [Transport(stop=True, toggles=3001)]
    fold = folded(Model(), [("Next", None)] * 500 + [("Raise", None)] * 9 + [("Previous", None)])
    assert list(fold.steps) == [Skip(MAX_SKIP), Raise(), Skip(-1)]


def test_nothing_after_quit_is_carried_out() -> None:
    model = Model(selected=50, loaded=True, clip=50, playing=True)
    fold = folded(model, [("Pause", None), ("Quit", None), ("Play", None), ("Next", None)])
    assert list(fold.steps) == [Transport(play="Pause"), Quit()]
    assert (model.loaded, model.playing) == (True, False)
