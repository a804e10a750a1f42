"""Each clip's lyrics timing offset, remembered per clip id: the protocol the pane reads and writes, and the
in-memory one it uses when the window gives it none (the window's is kept in the settings)."""

from __future__ import annotations

from typing import Protocol


class OffsetStore(Protocol):
    """Each clip's lyrics timing offset (seconds, positive: later), remembered per clip id."""

    def get(self, clip_id: str) -> float: ...
    def set(self, clip_id: str, seconds: float) -> None: ...


class MemoryOffsets:
    """Offsets for this run only; a zero offset is forgotten."""

    def __init__(self) -> None:
        self._values: dict[str, float] = {}

    def get(self, clip_id: str) -> float:
        return self._values.get(clip_id, 0.0)

    def set(self, clip_id: str, seconds: float) -> None:
        if seconds:
            self._values[clip_id] = seconds
        else:
            self._values.pop(clip_id, None)
