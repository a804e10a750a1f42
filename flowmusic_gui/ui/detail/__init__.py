"""The detail pane: one job's facts and its clips (cover, player, lyrics, timing, exports)."""
