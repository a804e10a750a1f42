#!/usr/bin/env bash
# Installs everything the test suite needs (Debian libraries when run as root, Python packages), then runs the
# quality gates and the whole suite. The README's test command; CI runs exactly this.
set -euo pipefail
cd "$(dirname "$0")/.."

PY=${PYTHON:-python3}

# Debian libraries for Qt's xcb platform and QtMultimedia, an X server, D-Bus and a Secret Service keyring;
# ffmpeg makes the test media, and ffprobe reads tags and the simulator's m4a and mp3 as an independent reader;
# playerctl drives the MPRIS player as a desktop's media keys would.
DEB_PKGS=(xvfb xauth libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
  libxcb-randr0 libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1
  libglib2.0-0 libdbus-1-3 libpulse0 dbus dbus-x11 gnome-keyring desktop-file-utils appstream ffmpeg
  playerctl)
missing=()
for p in "${DEB_PKGS[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -gt 0 ]; then
  if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
    echo "Installing Debian packages: ${missing[*]}"
    export DEBIAN_FRONTEND=noninteractive
    apt-get update -qq
    apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
  else
    echo "Missing Debian packages (install them, then run again): ${missing[*]}" >&2
  fi
fi

"$PY" -m pip install -q --disable-pip-version-check -e '.[test]'

echo "== ruff"; "$PY" -m ruff check .
echo "== mypy"; "$PY" -m mypy
echo "== import-linter"; "$PY" -c "import sys; from importlinter.cli import lint_imports_command; sys.exit(lint_imports_command())"
if [ -x packaging/validate.sh ]; then echo "== desktop metadata"; packaging/validate.sh; fi
echo "== pytest"
"$PY" -m pytest -q -p no:randomly "$@"
