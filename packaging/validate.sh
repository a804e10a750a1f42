#!/bin/sh
# Check the Linux desktop integration files with the freedesktop validators, and that install.sh lays them
# out correctly. Exits non-zero on any validator error. Needs desktop-file-utils and appstream (Debian
# package names); installs them with apt-get when missing and running as root.
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
LINUX=$HERE/linux
APP_ID=io.github.flowmusicmonitor.FlowMusicMonitor

need_tools() {
    missing=
    command -v desktop-file-validate >/dev/null 2>&1 || missing="$missing desktop-file-utils"
    command -v appstreamcli >/dev/null 2>&1 || missing="$missing appstream"
    [ -z "$missing" ] && return 0
    if [ "$(id -u)" = 0 ] && command -v apt-get >/dev/null 2>&1; then
        echo "validate.sh: installing$missing"
        # shellcheck disable=SC2086 # one word per package
        DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $missing >/dev/null \
            || { apt-get update -qq && DEBIAN_FRONTEND=noninteractive \
                 apt-get install -y -qq --no-install-recommends $missing >/dev/null; }
    else
        echo "validate.sh: missing tools; install the packages:$missing" >&2
        echo "  (Debian/Ubuntu: sudo apt-get install$missing; Fedora: desktop-file-utils libappstream-glib appstream)" >&2
        exit 1
    fi
}

need_tools
status=0

echo "== desktop-file-validate $APP_ID.desktop"
desktop-file-validate "$LINUX/$APP_ID.desktop" || status=1

echo "== appstreamcli validate --no-net $APP_ID.metainfo.xml"
appstreamcli validate --no-net "$LINUX/$APP_ID.metainfo.xml" || status=1

echo "== icons"
if cmp -s "$HERE/../resources/icons/app.svg" "$LINUX/icons/$APP_ID.svg"; then
    echo "ok $APP_ID.svg is resources/icons/app.svg"
else
    echo "error: packaging/linux/icons/$APP_ID.svg differs from resources/icons/app.svg: copy it, then run" \
        "packaging/linux/render-icons.py and packaging/make-icons.py" >&2
    status=1
fi
for size in 48 128 256; do
    png=$LINUX/icons/hicolor/${size}x${size}/apps/$APP_ID.png
    # Bytes 16-23 of a PNG are its width and height, big-endian.
    dims=$(od -An -tu1 -j16 -N8 "$png" 2>/dev/null | awk '{print $3*256+$4 "x" $7*256+$8}') || dims=
    if [ "$dims" = "${size}x${size}" ]; then
        echo "ok ${size}x${size}"
    else
        echo "error: $png is missing or not ${size}x${size} (${dims:-unreadable}); run packaging/linux/render-icons.py" >&2
        status=1
    fi
done

echo "== install.sh (staged) and the installed entry"
stage=$(mktemp -d)
trap 'rm -rf "$stage"' EXIT
if DESTDIR=$stage PREFIX=/usr "$LINUX/install.sh" >/dev/null \
    && XDG_DATA_HOME=$stage/user "$LINUX/install.sh" --exec /bin/true >/dev/null; then
    for f in "$stage/usr/share/applications/$APP_ID.desktop" "$stage/usr/share/metainfo/$APP_ID.metainfo.xml" \
        "$stage/usr/share/icons/hicolor/scalable/apps/$APP_ID.svg" \
        "$stage/usr/share/icons/hicolor/256x256/apps/$APP_ID.png"; do
        [ -f "$f" ] || { echo "error: install.sh did not install ${f#"$stage"}" >&2; status=1; }
    done
    desktop-file-validate "$stage/user/applications/$APP_ID.desktop" || status=1
    grep -q '^Exec=/bin/true$' "$stage/user/applications/$APP_ID.desktop" \
        || { echo "error: install.sh --exec did not rewrite Exec=" >&2; status=1; }
    echo "ok"
else
    echo "error: install.sh failed" >&2
    status=1
fi

if [ "$status" = 0 ]; then
    echo "validate.sh: all checks passed"
else
    echo "validate.sh: FAILED" >&2
fi
exit "$status"
