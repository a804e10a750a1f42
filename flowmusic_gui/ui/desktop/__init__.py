"""Desktop integration: notifications, the single-instance hand-off (later MPRIS and the tray)."""
