"""The Downloads panel, its settings and the detail pane's link to the downloads queue."""
