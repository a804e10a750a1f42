#!/usr/bin/env bash
# Build the Linux bundle from a clean clone: a venv in build/, the package and PyInstaller installed there,
# the one-folder bundle dist/flowmusic-gui/, a check that it runs (--version, --self-test offscreen) and that
# every library it links is inside it, then dist/flowmusic-gui-<version>-linux-x86_64.tar.gz.
#
# Usage: packaging/build-linux.sh            (PYTHON=python3.11 to choose the interpreter; 3.10+)
set -euo pipefail

ROOT=$(cd "$(dirname "$0")/.." && pwd)
cd "$ROOT"
PYTHON=${PYTHON:-python3}
VENV=build/venv
PYINSTALLER_SPEC="pyinstaller>=6.10,<7"

step() { printf '\n== %s\n' "$*"; }

step "venv ($VENV) with the package and PyInstaller"
if [ ! -x "$VENV/bin/python" ]; then
    "$PYTHON" -m venv "$VENV"
fi
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check . "$PYINSTALLER_SPEC"
# -I: the installed package, not the checkout that happens to be the working directory.
VERSION=$("$VENV/bin/python" -I -c 'import flowmusic_gui; print(flowmusic_gui.__version__)')
ARCH=$(uname -m)
echo "flowmusic-gui $VERSION, $("$VENV/bin/pyinstaller" --version) PyInstaller, $ARCH"

step "PyInstaller"
rm -rf dist/flowmusic-gui build/pyinstaller
"$VENV/bin/pyinstaller" --noconfirm --clean --log-level WARN \
    --distpath dist --workpath build/pyinstaller packaging/flowmusic-gui.spec
BUNDLE=dist/flowmusic-gui
APP=$BUNDLE/flowmusic-gui

step "desktop integration files (desktop/install.sh --exec \"\$PWD/flowmusic-gui\" after unpacking)"
mkdir -p "$BUNDLE/desktop"
cp -r packaging/linux/icons packaging/linux/install.sh packaging/linux/*.desktop packaging/linux/*.metainfo.xml \
    "$BUNDLE/desktop/"

step "every library the bundle links is found"
# The bundle's own libraries must resolve inside it. System ones that PyInstaller leaves out on purpose
# (libGL, libwayland-*, ...) must come from the user's system; a missing one here is only a warning.
internal=$BUNDLE/_internal
missing=$(find "$internal" -name '*.so*' -type f -print0 \
    | xargs -0 -n 20 env LD_LIBRARY_PATH="$internal:$internal/PySide6/Qt/lib" ldd 2>/dev/null \
    | awk '/=> not found/ {print $1}' | sort -u || true)
bundled_kind='^(libQt6|libpyside6|libshiboken6|libpython|libav|libsw|libicu)'
if [ -n "$missing" ]; then
    if grep -Eq "$bundled_kind" <<<"$missing"; then
        echo "error: libraries that belong in the bundle are missing:" >&2
        grep -E "$bundled_kind" <<<"$missing" >&2
        exit 1
    fi
    echo "warning: not on this build machine (the user's system must provide them): $(tr "\n" " " <<<"$missing")"
else
    echo "ok"
fi

step "smoke tests (offscreen, throwaway home)"
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
run_app() {
    # A throwaway home and data dir: a self-test must not touch the builder's settings, keyring or jobs.
    env -u FLOWMUSIC_API_TOKEN HOME="$scratch/home" XDG_CONFIG_HOME="$scratch/config" \
        XDG_DATA_HOME="$scratch/data" XDG_CACHE_HOME="$scratch/cache" XDG_STATE_HOME="$scratch/state" \
        FLOWMUSIC_DATA_DIR="$scratch/flowmusic" QT_QPA_PLATFORM=offscreen \
        timeout 120 "$APP" "$@"
}
mkdir -p "$scratch/home"
run_app --version
if ! run_app --self-test; then
    echo "error: $APP --self-test failed" >&2
    exit 1
fi

step "archive"
TARBALL=dist/flowmusic-gui-$VERSION-linux-$ARCH.tar.gz
tar -C dist -czf "$TARBALL" flowmusic-gui
du -sh "$BUNDLE" "$TARBALL"
echo "built $TARBALL"
