"""Lyrics timing offsets kept for this run when the window gives the pane no store of its own: one clip's offset
never leaks to another, and setting it back to zero forgets it."""

from __future__ import annotations

from flowmusic_gui.ui.detail.offsets import MemoryOffsets, OffsetStore


def test_each_clip_keeps_its_own_offset_and_zero_forgets_it() -> None:
    offsets: OffsetStore = MemoryOffsets()
    assert offsets.get("clip-a") == 0.0
    offsets.set("clip-a", 1.5)
    offsets.set("clip-b", -0.25)
    assert (offsets.get("clip-a"), offsets.get("clip-b")) == (1.5, -0.25)
    offsets.set("clip-a", 0.0)
    assert offsets.get("clip-a") == 0.0 and offsets.get("clip-b") == -0.25
    assert isinstance(offsets, MemoryOffsets) and "clip-a" not in offsets._values
