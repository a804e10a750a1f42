"""``python -m flowmusic_gui.cli``: the ``flowmusic`` command."""

from flowmusic_gui.cli.main import main

raise SystemExit(main())
