#!/bin/sh
# Install FlowMusic Monitor's desktop entry, AppStream metainfo and icons for the current user (XDG places),
# so the app shows up in the desktop's menus and software centres. The program itself comes from
# `pip install` / `pipx install` (the `flowmusic-gui` command on PATH) or from the Linux bundle.
#
# Usage: install.sh [--exec PATH] [--uninstall]
#   --exec PATH   launch this program instead of `flowmusic-gui` from PATH (e.g. the unpacked bundle's binary)
#   --uninstall   remove what an install put there
# Environment:
#   XDG_DATA_HOME  where to install (default ~/.local/share)
#   PREFIX         install system-style into $PREFIX/share instead (e.g. /usr/local)
#   DESTDIR        stage everything under this root (packaging, tests); skips the cache updates
set -eu

APP_ID=io.github.flowmusicmonitor.FlowMusicMonitor
HERE=$(cd "$(dirname "$0")" && pwd)
EXEC=
UNINSTALL=

while [ $# -gt 0 ]; do
    case "$1" in
        --exec) [ $# -ge 2 ] || { echo "install.sh: --exec needs a path" >&2; exit 2; }; EXEC=$2; shift 2 ;;
        --exec=*) EXEC=${1#--exec=}; shift ;;
        --uninstall) UNINSTALL=1; shift ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//'; exit 0 ;;
        *) echo "install.sh: unknown argument: $1 (try --help)" >&2; exit 2 ;;
    esac
done

if [ -n "${PREFIX:-}" ]; then
    DATADIR=$PREFIX/share
else
    DATADIR=${XDG_DATA_HOME:-$HOME/.local/share}
fi
DEST=${DESTDIR:-}$DATADIR
SIZES="48 128 256"

if [ -n "$UNINSTALL" ]; then
    rm -f "$DEST/applications/$APP_ID.desktop" "$DEST/metainfo/$APP_ID.metainfo.xml" \
        "$DEST/icons/hicolor/scalable/apps/$APP_ID.svg"
    for size in $SIZES; do
        rm -f "$DEST/icons/hicolor/${size}x${size}/apps/$APP_ID.png"
    done
    echo "removed FlowMusic Monitor's desktop files from $DEST"
else
    if [ -n "$EXEC" ]; then
        case "$EXEC" in
            /*) ;;
            *) EXEC=$(cd "$(dirname "$EXEC")" && pwd)/$(basename "$EXEC") ;;
        esac
        [ -x "$EXEC" ] || { echo "install.sh: $EXEC is not an executable file" >&2; exit 1; }
        case "$EXEC" in
            *[!A-Za-z0-9/._+-]*)
                # Quoting rules of Exec= are intricate; a plain path keeps the entry valid.
                echo "install.sh: --exec path must contain only letters, digits and / . _ + -: $EXEC" >&2
                exit 1 ;;
        esac
    fi
    mkdir -p "$DEST/applications" "$DEST/metainfo" "$DEST/icons/hicolor/scalable/apps"
    # Write then rename, so a desktop watching the folder never reads half a file.
    tmp="$DEST/applications/.$APP_ID.desktop.tmp"
    if [ -n "$EXEC" ]; then
        sed -e "s|^Exec=flowmusic-gui|Exec=$EXEC|" -e "s|^TryExec=flowmusic-gui|TryExec=$EXEC|" \
            "$HERE/$APP_ID.desktop" >"$tmp"
    else
        cp "$HERE/$APP_ID.desktop" "$tmp"
    fi
    chmod 644 "$tmp"
    mv -f "$tmp" "$DEST/applications/$APP_ID.desktop"
    cp "$HERE/$APP_ID.metainfo.xml" "$DEST/metainfo/$APP_ID.metainfo.xml"
    cp "$HERE/icons/$APP_ID.svg" "$DEST/icons/hicolor/scalable/apps/$APP_ID.svg"
    for size in $SIZES; do
        mkdir -p "$DEST/icons/hicolor/${size}x${size}/apps"
        cp "$HERE/icons/hicolor/${size}x${size}/apps/$APP_ID.png" "$DEST/icons/hicolor/${size}x${size}/apps/"
    done
    chmod 644 "$DEST/metainfo/$APP_ID.metainfo.xml" "$DEST/icons/hicolor/scalable/apps/$APP_ID.svg"
    echo "installed FlowMusic Monitor's desktop files into $DEST"
    if [ -z "$EXEC" ] && ! command -v flowmusic-gui >/dev/null 2>&1; then
        echo "note: flowmusic-gui is not on PATH yet; install the app first (pip or pipx, from a checkout) or pass --exec" >&2
    fi
fi

# A staged install (DESTDIR) is for a package, whose own scripts refresh the caches on the target system.
if [ -z "${DESTDIR:-}" ]; then
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$DEST/applications" || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1; then
        # -t: a user's hicolor folder has no index.theme; the cache is an optimisation, so failure is fine.
        gtk-update-icon-cache -q -t -f "$DEST/icons/hicolor" 2>/dev/null || true
    fi
fi
