"""What the desktop's media controls mean for this app: Play, Pause, Next and the rest in terms of the jobs
table and the detail pane's player, and a plain snapshot of what is playing for MPRIS to publish.

Next and Previous walk the finished clips in the table's order (as sorted and filtered); Play with nothing
loaded plays the selected job's first clip, else the newest finished one.

Nothing here walks the whole table when a row changes: the playing clip's neighbours are found by stepping out
from its row, and "is there anything to play" starts from the model's count of finished jobs. Only a user's
Play with nothing selected looks at every row (for the newest song).
"""

from __future__ import annotations

import hashlib
import time
from dataclasses import dataclass
from typing import TYPE_CHECKING, Protocol

from PySide6.QtCore import QObject, Signal

from flowmusic_gui.core.states import JobState
from flowmusic_gui.core.urls import is_web_url
from flowmusic_gui.ui.detail.clip_card import clip_key

if TYPE_CHECKING:
    from flowmusic_gui.core.records import Clip
    from flowmusic_gui.engine.types import JobView
    from flowmusic_gui.ui.detail.pane import DetailPane

NO_TRACK = "/org/mpris/MediaPlayer2/TrackList/NoTrack"
#: A reported position this far from where steady playback would be is a jump (a click on a lyric line, the
#: slider, the timeline): announced as Seeked, as MPRIS asks, so clients stop extrapolating the old one.
JUMP_S = 1.5
TRACK_PREFIX = "/org/mpris/MediaPlayer2/flowmusic_gui/track/"


class JobsView(Protocol):
    """What the controls need of the table (ui/selection.Selection is one)."""

    def ordered_views(self) -> list[JobView]: ...  # the table's rows, in the order shown

    def current_view(self) -> JobView | None: ...

    def select_jobids(self, jobids: list[str]) -> None: ...

    def row_count(self) -> int: ...

    def row_of(self, jobid: str) -> int | None: ...  # its row as shown (None: not shown)

    def view_at_row(self, row: int) -> JobView | None: ...

    def view_of(self, jobid: str) -> JobView | None: ...

    def completed_count(self) -> int: ...


@dataclass(frozen=True)
class NowPlaying:
    """What is playing, as plain data (MPRIS reads it on the bus thread)."""

    status: str = "Stopped"  # "Playing", "Paused" or "Stopped"
    track_id: str = NO_TRACK
    title: str = ""
    job_title: str = ""
    length_s: float | None = None
    art_path: str | None = None  # the cover's cached file, when there is one
    url: str = ""
    position_s: float = 0.0
    measured_at: float = 0.0  # time.monotonic() of position_s
    can_next: bool = False
    can_previous: bool = False
    can_play: bool = False

    def position_now(self, now: float | None = None) -> float:
        if self.status != "Playing":
            return self.position_s
        elapsed = (time.monotonic() if now is None else now) - self.measured_at
        position = self.position_s + max(0.0, elapsed)
        return min(position, self.length_s) if self.length_s else position


@dataclass(frozen=True)
class _Entry:
    jobid: str
    index: int
    clip: Clip
    view: JobView

    @property
    def key(self) -> str:
        return clip_key(self.clip, self.index)


def track_id(jobid: str, key: str) -> str:
    """A D-Bus object path naming one clip (paths allow only [A-Za-z0-9_])."""
    return TRACK_PREFIX + hashlib.sha1(f"{jobid}\0{key}".encode(), usedforsecurity=False).hexdigest()


class MediaControls(QObject):
    """Commands from media keys, MPRIS or notifications, carried out on the pane's player (GUI thread)."""

    changed = Signal(object)  # NowPlaying
    seeked = Signal(float)  # seconds: a jump, not the steady advance
    moved = Signal(object)  # NowPlaying: the player's latest position (no bus signal: clients extrapolate it)

    def __init__(self, jobs: JobsView, pane: DetailPane, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._jobs = jobs
        self._pane = pane
        self._jobid = ""  # the job of the clip playing, when started or found here
        self._duration: float | None = None
        self.state = NowPlaying()
        player = pane.player
        player.state_changed.connect(lambda _k, _p: self.refresh())
        player.duration_changed.connect(self._on_duration)
        player.position_changed.connect(self._on_position)

    # -- the clips, in the table's order -------------------------------------------------------------------

    @staticmethod
    def _playable(view: JobView | None) -> list[_Entry]:
        """A finished job's clips that can be played (an http(s) audio link), in take order."""
        if view is None or view.state is not JobState.COMPLETED or view.record is None:
            return []
        return [_Entry(view.jobid, i, clip, view) for i, clip in enumerate(view.record.clips)
                if is_web_url(clip.audio_url)]  # fmt: skip

    def _entries(self) -> list[_Entry]:
        """Every playable clip in the table's order: a walk over every row, for a user's command only."""
        return [entry for view in self._jobs.ordered_views() for entry in self._playable(view)]

    def _current(self) -> _Entry | None:
        """The loaded clip's place in the table (None when it is not shown there)."""
        key = self._pane.player.current_key
        if key is None:
            return None
        if self._jobid:
            entry = next((e for e in self._playable(self._jobs.view_of(self._jobid)) if e.key == key), None)
            if entry is not None:
                return entry if self._jobs.row_of(entry.jobid) is not None else None
        # Started elsewhere (a card's own button): the first shown job with a clip of that key.
        return next((e for e in self._entries() if e.key == key), None)

    def _neighbour(self, entry: _Entry, step: int) -> _Entry | None:
        """The playable clip ``step`` (+1 or -1) away from ``entry`` in the table's order."""
        own = self._playable(entry.view)
        at = next((n for n, e in enumerate(own) if e.index == entry.index), None)
        if at is not None and 0 <= at + step < len(own):
            return own[at + step]
        row = self._jobs.row_of(entry.jobid)
        if row is None:
            return None
        row += step
        while 0 <= row < self._jobs.row_count():
            clips = self._playable(self._jobs.view_at_row(row))
            if clips:
                return clips[0] if step > 0 else clips[-1]
            row += step
        return None

    def _any_playable(self) -> bool:
        if not self._jobs.completed_count():
            return False
        return any(self._playable(self._jobs.view_at_row(r)) for r in range(self._jobs.row_count()))

    def _start(self, entry: _Entry, *, select: bool = True) -> None:
        self._jobid = entry.jobid
        self._duration = entry.clip.duration_s
        if select:
            self._jobs.select_jobids([entry.jobid])
        self._pane.play_clip(entry.clip, entry.index, jobid=entry.jobid)
        self.refresh()

    @property
    def loaded(self) -> bool:
        """A clip is playing or paused."""
        return self._pane.player.current_key is not None

    @property
    def playing(self) -> bool:
        """Playing was last asked for (the player reports it a moment later)."""
        return self._pane.player.wants_playing

    # -- commands ------------------------------------------------------------------------------------------

    def play_job(self, jobid: str) -> bool:
        """Select ``jobid`` and play its first clip (a notification's "Play")."""
        if self._jobs.row_of(jobid) is None:
            return False
        clips = self._playable(self._jobs.view_of(jobid))
        if clips:
            self._start(clips[0])
        return bool(clips)

    def play(self) -> None:
        player = self._pane.player
        if player.current_key is not None:
            player.resume()
            return
        current = self._jobs.current_view()
        shown = current is not None and self._jobs.row_of(current.jobid) is not None
        selected = self._playable(current) if shown else []
        if selected:
            self._start(selected[0])
            return
        entries = self._entries()
        if entries:  # the newest finished clip
            self._start(max(entries, key=lambda e: (e.view.added_at.timestamp() if e.view.added_at else 0.0)))

    def pause(self) -> None:
        self._pane.player.pause()

    def play_pause(self) -> None:
        player = self._pane.player
        key = player.current_key
        if key is None:
            self.play()
            return
        clip = self._pane.clip_of(key)
        player.toggle(key, clip.audio_url if clip is not None else None)

    def stop(self) -> None:
        self._pane.player.stop()
        self.refresh()

    def next(self) -> None:
        self._step(+1)

    def previous(self) -> None:
        self._step(-1)

    def _step(self, delta: int) -> None:
        current = self._current()
        if current is None:
            self.play()
            return
        target = self._neighbour(current, delta)
        if target is not None:
            self._start(target)

    def seek(self, offset_s: float) -> None:
        self.set_position(self.state.track_id, self.state.position_now() + offset_s)

    def set_position(self, track: str, seconds: float) -> None:
        player = self._pane.player
        key = player.current_key
        if key is None or track != self.state.track_id:
            return  # the spec: a stale track id is ignored
        if self.state.length_s is not None and seconds > self.state.length_s:
            self.next()
            return
        clip = self._pane.clip_of(key)
        target = max(0.0, seconds)
        player.seek(key, clip.audio_url if clip is not None else None, target)
        self.state = _replace_position(self.state, target)
        self.seeked.emit(target)

    # -- the snapshot --------------------------------------------------------------------------------------

    def _on_duration(self, _key: str, seconds: float) -> None:
        self._duration = seconds
        self.refresh()

    def _on_position(self, _key: str, seconds: float) -> None:
        # The steady advance is not announced: clients compute it from the last position and the rate. A jump
        # made anywhere in the window (a lyric line, the slider) is, or they would go on from the old place.
        expected = self.state.position_now()
        self.state = _replace_position(self.state, seconds)
        if self.state.track_id != NO_TRACK and abs(seconds - expected) > JUMP_S:
            self.seeked.emit(seconds)
        else:
            self.moved.emit(self.state)

    def refresh(self) -> None:
        """Rebuild the snapshot from the player; ``changed`` when it differs."""
        player = self._pane.player
        key = player.current_key
        if key is None:
            playable = self._any_playable()
            new = NowPlaying(can_play=playable, can_next=playable, can_previous=False)
        else:
            entry = self._current()
            clip = entry.clip if entry is not None else self._pane.clip_of(key)
            jobid = entry.jobid if entry is not None else self._jobid
            art = self._pane.cover_file(clip.image_url) if clip is not None else None
            new = NowPlaying(
                status="Playing" if player.playing else "Paused",
                track_id=track_id(jobid, key),
                title=(clip.title if clip is not None else None) or "Untitled",
                job_title=entry.view.display_title if entry is not None else "",
                length_s=self._duration or (clip.duration_s if clip is not None else None),
                art_path=art,
                url=(clip.audio_url or "") if clip is not None else "",
                position_s=player.position(),
                measured_at=time.monotonic(),
                can_next=entry is not None and self._neighbour(entry, +1) is not None,
                can_previous=entry is not None and self._neighbour(entry, -1) is not None,
                can_play=True,
            )
        old, self.state = self.state, new
        if _published(old) != _published(new):
            self.changed.emit(new)


def _replace_position(state: NowPlaying, seconds: float) -> NowPlaying:
    from dataclasses import replace

    return replace(state, position_s=seconds, measured_at=time.monotonic())


def _published(state: NowPlaying) -> tuple[object, ...]:
    """The fields whose change is announced (the position advances by itself)."""
    return (state.status, state.track_id, state.title, state.length_s, state.art_path, state.can_next,
            state.can_previous, state.can_play)  # fmt: skip
