#!/usr/bin/env bash
# CI (called from .ci/run), as root on Debian 12: builds the .deb, installs it with apt like a user would, opens the
# installed app under Xvfb until its window shows (screenshot: target/dist/installed-app.png), checks
# `mailwright --version` from PATH and that the launcher maps the class-data archive postinst made, removes the
# package and checks nothing is left. A previous install is removed first, so it can run twice. Prints one line per
# stage and the measurements; logs only when something fails.
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)

if [ "${1:-}" = --gui-probe ]; then
    # inside xvfb-run: start the installed app, time it to a visible window, screenshot it once it has painted
    shot=$2
    t0=$(date +%s%N)
    /usr/bin/mailwright >"$here/target/dist/installed-app.log" 2>&1 &
    pid=$!
    win=""
    for _ in $(seq 1 600); do   # 30 s
        win=$(xdotool search --onlyvisible --name '^Mailwright' 2>/dev/null | head -n1 || true)
        [ -n "$win" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.05
    done
    if [ -z "$win" ]; then
        echo "ci-test-deb: no Mailwright window within 30 s; the app said:" >&2
        cat "$here/target/dist/installed-app.log" >&2
        kill "$pid" 2>/dev/null || true
        exit 1
    fi
    echo "window_ms=$(( ($(date +%s%N) - t0) / 1000000 ))"
    echo "window_title=$(xdotool getwindowname "$win")"
    # a mapped window can still be blank for a moment: shoot until the picture has some contrast in it
    painted=""
    for _ in $(seq 1 20); do
        sleep 0.5
        import -window root "$shot"
        sd=$(convert "$shot" -format '%[fx:int(standard_deviation*1000)]' info:)
        if [ "$sd" -gt 20 ]; then painted=yes; break; fi
    done
    [ -n "$painted" ] || { echo "ci-test-deb: the window stayed blank (see $shot)" >&2; kill "$pid"; exit 1; }
    # the About link at the foot of the sidebar (window-relative: the window opens at 1100x720)
    xdotool mousemove --window "$win" 60 690 click 1
    about=""
    for _ in $(seq 1 100); do
        about=$(xdotool search --onlyvisible --name '^About Mailwright$' 2>/dev/null | head -n1 || true)
        [ -n "$about" ] && break
        sleep 0.1
    done
    if [ -n "$about" ]; then
        sleep 1
        import -window root "${shot%.png}-about.png"
        echo "about=yes"
    fi
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    exit 0
fi

start=$(date +%s)
stamp() { echo "ci-test-deb: [$(( $(date +%s) - start ))s] $*"; }
fail() { echo "ci-test-deb: FAILED: $*" >&2; exit 1; }
log=$(mktemp)
trap 'rm -f "$log"' EXIT
quiet() { "$@" >"$log" 2>&1 || { cat "$log" >&2; fail "$*"; }; }

[ "$(id -u)" -eq 0 ] || fail "run as root (it installs and removes a package)"
export DEBIAN_FRONTEND=noninteractive
need=()
command -v javac >/dev/null || need+=(default-jdk-headless)
command -v mvn >/dev/null || need+=(maven)
command -v fakeroot >/dev/null || need+=(fakeroot)        # jpackage makes the .deb with dpkg-deb under fakeroot
command -v xvfb-run >/dev/null || need+=(xvfb xauth)
command -v xdotool >/dev/null || need+=(xdotool)
command -v import >/dev/null || need+=(imagemagick)
if [ ${#need[@]} -gt 0 ]; then
    stamp "installing ${need[*]}"
    quiet apt-get update -qq
    quiet apt-get install -y -qq --no-install-recommends "${need[@]}"
fi

if dpkg-query -W -f='${Status}' mailwright 2>/dev/null | grep -q installed; then
    stamp "removing the mailwright package a previous run left"
    quiet apt-get purge -y -qq mailwright
fi

stamp "building the .deb (mvn -Pdist package, tests skipped: .ci/run runs them)"
quiet mvn -B -q ${MAVEN_ARGS:-} -Pdist -DskipTests package
jar=$(ls target/mailwright-*.jar | head -n1)
version=$(basename "$jar" .jar); version=${version#mailwright-}
deb=$(ls target/dist/mailwright_*.deb)
deb_bytes=$(stat -c %s "$deb")

stamp "installing $deb with apt"
if ! apt-get install -y -qq "./$deb" >"$log" 2>&1; then
    # a fresh machine may have no package lists yet
    quiet apt-get update -qq
    quiet apt-get install -y -qq "./$deb"
fi
[ -x /opt/mailwright/bin/Mailwright ] || fail "/opt/mailwright/bin/Mailwright is missing"
[ "$(readlink -f /usr/bin/mailwright)" = /opt/mailwright/bin/Mailwright ] || fail "/usr/bin/mailwright does not lead to /opt/mailwright"
desktop=/usr/share/applications/mailwright-Mailwright.desktop
[ -f "$desktop" ] || fail "no menu entry $desktop"
grep -qx 'Categories=Network;Email;' "$desktop" || fail "$desktop lacks Categories=Network;Email;"
installed=$(du -sh /opt/mailwright | cut -f1)

stamp "checking mailwright --version from PATH"
got=$(cd / && PATH=/usr/bin:/bin mailwright --version 2>&1) || fail "mailwright --version: $got"
[ "$got" = "Mailwright $version" ] || fail "mailwright --version said '$got', expected 'Mailwright $version'"

if [ -f /opt/mailwright/lib/app/mailwright.classlist ]; then
    stamp "checking the launcher maps the class-data archive postinst made"
    [ -f /opt/mailwright/lib/app/mailwright.jsa ] || fail "postinst made no /opt/mailwright/lib/app/mailwright.jsa"
    # -Xshare:on (as _JAVA_OPTIONS it comes after the launcher's -Xshare:auto) stops the JVM if the archive is unusable
    got=$(cd / && _JAVA_OPTIONS=-Xshare:on PATH=/usr/bin:/bin mailwright --version 2>&1) || fail "the installed class-data archive is unusable: $got"
    # the list is what one start of the window loads: logging is set up on the first log line only, and a clean start
    # logs nothing (logback's set-up cost about 0.1 s of a cold start, docs/performance.md)
    logback=$(grep -c '^ch/qos/logback/' /opt/mailwright/lib/app/mailwright.classlist || true)
    [ "$logback" -eq 0 ] || fail "the window's start loaded $logback logback classes: something on its path logs or makes a logger at class load"
fi

stamp "opening the installed app under Xvfb"
shot=target/dist/installed-app.png
probe=$(xvfb-run -a -s '-screen 0 1280x800x24' "$here/packaging/ci-test-deb.sh" --gui-probe "$here/$shot") \
    || fail "the installed app did not show its window"
window_ms=$(echo "$probe" | sed -n 's/^window_ms=//p')
title=$(echo "$probe" | sed -n 's/^window_title=//p')
[ "$title" = "Mailwright $version" ] || fail "window title '$title', expected 'Mailwright $version'"
echo "$probe" | grep -qx about=yes || fail "the About link did not open the About dialog"

stamp "removing the package"
quiet apt-get remove -y -qq mailwright
[ ! -e /opt/mailwright ] || fail "/opt/mailwright is still there after apt-get remove"
[ ! -e /usr/bin/mailwright ] && [ ! -L /usr/bin/mailwright ] || fail "/usr/bin/mailwright is still there after apt-get remove"
[ ! -e "$desktop" ] || fail "$desktop is still there after apt-get remove"

summary="deb=$(basename "$deb") deb_bytes=$deb_bytes installed=$installed first_window_ms=$window_ms screenshot=$shot"
echo "$summary" > target/dist/ci-test-deb.txt
stamp "OK: $summary"
