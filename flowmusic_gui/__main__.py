"""``python -m flowmusic_gui``: the desktop app."""

from flowmusic_gui.gui import main

raise SystemExit(main())
