"""`python -m flowmusic_gui.simulator`: the same as `flowmusic simulate`."""

import sys

from .cli import main

if __name__ == "__main__":
    sys.exit(main())
