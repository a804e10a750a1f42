"""What the desktop's media controls mean for this app: Play, Pause, Next and the rest in terms of the jobs
table and the detail pane's player, and a plain snapshot of what is playing for MPRIS to publish.

Next and Previous walk the finished clips in the table's order (as sorted and filtered); Play with nothing
loaded plays the selected job's first clip, else the newest finished one.
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
    """What the controls need of the window."""

    def ordered_views(self) -> list[JobView]: ...  # the table's rows, in the order shown

    def current_view(self) -> JobView | None: ...

    def select_jobids(self, jobids: list[str]) -> None: ...


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

    def _entries(self) -> list[_Entry]:
        entries = []
        for view in self._jobs.ordered_views():
            if view.state is not JobState.COMPLETED or view.record is None:
                continue
            for i, clip in enumerate(view.record.clips):
                if is_web_url(clip.audio_url):
                    entries.append(_Entry(view.jobid, i, clip, view))
        return entries

    def _current(self, entries: list[_Entry]) -> int | None:
        key = self._pane.player.current_key
        if key is None:
            return None
        for pos, entry in enumerate(entries):
            if entry.key == key and (not self._jobid or entry.jobid == self._jobid):
                return pos
        for pos, entry in enumerate(entries):
            if entry.key == key:
                return pos
        return None

    def _start(self, entry: _Entry, *, select: bool = True) -> None:
        self._jobid = entry.jobid
        self._duration = entry.clip.duration_s
        if select:
            self._jobs.select_jobids([entry.jobid])
        self._pane.play_clip(entry.clip, entry.index, jobid=entry.jobid)
        self.refresh()

    # -- commands ------------------------------------------------------------------------------------------

    def play_job(self, jobid: str) -> bool:
        """Select ``jobid`` and play its first clip (a notification's "Play")."""
        for entry in self._entries():
            if entry.jobid == jobid:
                self._start(entry)
                return True
        return False

    def play(self) -> None:
        player = self._pane.player
        if player.current_key is not None:
            if not player.playing:
                self.play_pause()
            return
        entries = self._entries()
        if not entries:
            return
        current = self._jobs.current_view()
        chosen = next((e for e in entries if current is not None and e.jobid == current.jobid), None)
        if chosen is None:  # the newest finished clip
            chosen = max(entries, key=lambda e: (e.view.added_at.timestamp() if e.view.added_at else 0.0))
        self._start(chosen)

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
        entries = self._entries()
        current = self._current(entries)
        if current is None:
            self.play()
            return
        target = current + delta
        if 0 <= target < len(entries):
            self._start(entries[target])

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
        entries = self._entries()
        current = self._current(entries)
        key = player.current_key
        if key is None:
            new = NowPlaying(can_play=bool(entries), can_next=bool(entries), can_previous=False)
        else:
            entry = entries[current] if current is not None else None
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
                can_next=current is not None and current + 1 < len(entries),
                can_previous=current is not None and current > 0,
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
