#!/usr/bin/env bash
# Installs FlowMusic Monitor and opens it on the built-in demo (a local simulator; no token needed).
# The README's demo command.
set -euo pipefail
cd "$(dirname "$0")/.."
PY=${PYTHON:-python3}

# Qt's X11 platform needs a few system libraries that minimal systems lack; install them when we can.
DEB_PKGS=(libxcb-cursor0 libxkbcommon-x11-0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1 libxcb-randr0
  libxcb-render-util0 libxcb-shape0 libxcb-xinerama0 libxcb-xkb1 libegl1 libgl1 libfontconfig1 libglib2.0-0
  libdbus-1-3 libpulse0)
if command -v dpkg-query >/dev/null; then
  missing=()
  for p in "${DEB_PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if [ -z "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ] && ! command -v xvfb-run >/dev/null; then missing+=(xvfb xauth); fi
  if [ ${#missing[@]} -gt 0 ]; then
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null; then
      echo "Installing system libraries Qt needs: ${missing[*]}"
      DEBIAN_FRONTEND=noninteractive apt-get update -qq
      DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
    else
      echo "Qt may need these system packages: ${missing[*]} (sudo apt-get install ...)" >&2
    fi
  fi
fi

"$PY" -m pip install -q --disable-pip-version-check -e .

if [ -n "${DISPLAY:-}${WAYLAND_DISPLAY:-}" ]; then
  exec "$PY" -m flowmusic_gui --demo "$@"
fi
# No screen (a server, a container): run the demo on a virtual X server and save what it shows.
echo "No display found: running the demo on a virtual screen and saving a screenshot to demo-screenshot.png"
exec xvfb-run -a -s "-screen 0 1400x900x24" "$PY" -m flowmusic_gui --demo --screenshot demo-screenshot.png "$@"
