"""PyInstaller's entry script: the same as the `flowmusic-gui` command that pip installs."""

from flowmusic_gui.gui import main

raise SystemExit(main())
