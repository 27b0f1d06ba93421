#!/usr/bin/env bash
# The app image's AppCDS archive: the JDK's class-data sharing for every class a start loads (JDK, JavaFX, libraries,
# the app), so the launcher maps them parsed and verified instead of reading them from the jars and the modules file.
# Two steps, both run through the image's own launcher, so the class path is the one a user's start has:
#   classlist IMAGE LAUNCHER LIST   starts the app once with -XX:DumpLoadedClassList=LIST and
#                                   -Dmailwright.exitAfterFirstShow=true (it quits after its first window has painted);
#                                   the list is plain text, valid wherever the image is put. Needs a display: $DISPLAY,
#                                   or else Xvfb (xvfb-run); without either it makes no list, says so and exits 0.
#   dump IMAGE LAUNCHER LIST ARCHIVE  -Xshare:dump of the listed classes into ARCHIVE (no display, a few seconds).
# Why two: on JDK 17 an archive is only valid for the jar paths and modification times it was made with, and jpackage
# gives the .deb's jars new times, so the installed archive is dumped by the package's postinst at /opt/mailwright
# (packaging/linux/postinst, the same command as `dump`) from the list made here. The launcher names ARCHIVE
# (packaging/jpackage/linux-appcds.txt) with -Xshare:auto: a missing or mismatched one is skipped, never fatal.
# Linux only (packaging/build.sh does not call it elsewhere). Used by packaging/build.sh and bench/startup.sh.
#   packaging/appcds.sh classlist target/dist/app/Mailwright Mailwright target/dist/app/Mailwright/lib/app/mailwright.classlist
set -euo pipefail
step=$1 image=$2 launcher=$3 list=$4
say() { echo "appcds: $*"; }
log=$(mktemp)
xdg=$(mktemp -d)
trap 'rm -rf "$log" "$xdg"' EXIT

case "$step" in
    classlist)
        display=()
        if [ -z "${DISPLAY:-}" ]; then
            if ! command -v xvfb-run >/dev/null; then
                say "no class list: no DISPLAY and no xvfb-run (apt-get install xvfb xauth); no AppCDS archive then"
                exit 0
            fi
            display=(xvfb-run -a -s '-screen 0 1280x800x24')
        fi
        rm -f "$list"
        # _JAVA_OPTIONS comes after the launcher's own options, so it wins over their -Xshare:auto: with sharing off
        # every class is loaded, and listed, from its jar or module. Empty XDG folders: the build machine's saved
        # profiles must not change what a start loads, and nothing is written to them.
        if ! XDG_CONFIG_HOME=$xdg/config XDG_STATE_HOME=$xdg/state XDG_DATA_HOME=$xdg/data XDG_CACHE_HOME=$xdg/cache \
            _JAVA_OPTIONS="-Xshare:off -XX:DumpLoadedClassList=$list -Dmailwright.exitAfterFirstShow=true" \
            timeout 120 ${display[@]+"${display[@]}"} "$image/bin/$launcher" >"$log" 2>&1 || [ ! -s "$list" ]; then
            cat "$log"
            rm -f "$list"
            say "no class list: $launcher did not show its window and exit within 120 s (output above)"
            exit 0
        fi
        say "made $list ($(wc -l <"$list") classes)"
        ;;
    dump)
        archive=$5
        [ -s "$list" ] || { say "no archive: no class list $list"; exit 0; }
        rm -f "$archive"
        if ! _JAVA_OPTIONS="-Xshare:dump -XX:SharedClassListFile=$list -XX:SharedArchiveFile=$archive" \
            "$image/bin/$launcher" >"$log" 2>&1 || [ ! -s "$archive" ]; then
            cat "$log"
            rm -f "$archive"
            say "no archive: -Xshare:dump failed (output above); the app starts without it"
            exit 0
        fi
        say "made $archive ($(wc -c <"$archive") bytes)"
        ;;
    *) echo "usage: packaging/appcds.sh classlist IMAGE LAUNCHER LIST | dump IMAGE LAUNCHER LIST ARCHIVE" >&2; exit 2 ;;
esac
