#!/bin/bash
# Times the packaged app's cold start to its first visible window, and its memory then, against a plain JavaFX "hello"
# window (bench/startup/Hello.java: a Stage with a Label) built the same way, on the same machine in the same run.
# Both are jpackage app images on the same jlink runtime (packaging/build.sh makes Mailwright's from
# packaging/jlink/runtime.txt; the hello image gets a copy of that very runtime, Mailwright's launcher options read from
# its .cfg, and an AppCDS archive made the same way, packaging/appcds.sh, when Mailwright's image has one: the launcher
# options name it lib/app/mailwright.jsa in both).
# Under xvfb-run it starts each N times, alternately; a start is timed from the launch to the first visible window
# (xdotool search --onlyvisible, as packaging/ci-test-deb.sh does), its memory read 1 s after that (VmRSS from
# /proc/PID/status and PSS from /proc/PID/smaps_rollup), then it is killed. Prints the medians and Mailwright / hello,
# and the median of the ratios of each Mailwright start to the hello start that follows it.
# "Cold": as root, the page cache is dropped before every start (sync; echo 3 > /proc/sys/vm/drop_caches), so the
# images are read from disk each time; not as root, or with --warm, it is not (the files are then cached).
# Every start gets empty XDG config/state/data/cache folders, so saved profiles on this machine change nothing.
# Needs a built jar (mvn -DskipTests package), a JDK 17+ with jmods, xvfb-run, xdotool and bc (apt: xvfb xauth xdotool bc).
#   bench/startup.sh [--runs N] [--reuse] [--warm] [--jvm-options '-XX:...'] [--also IMAGE]
# N: 5; --reuse: keep target/dist/app and target/bench-startup; --jvm-options: JVM options to try on both (given
# as _JAVA_OPTIONS, which wins over the launcher's own, e.g. -Xshare:off for no CDS at all; only at the measuring, so
# it changes neither image nor its archive); --also IMAGE: a second Mailwright app image (another commit's
# target/dist/app/Mailwright, built the same way) started in turn with the two others, for a before/after in one run
set -euo pipefail
cd "$(dirname "$0")/.."
here=$(pwd)
runs=5
reuse=""
warm=""
jvm_options=""
also=""
while (($#)); do
    case $1 in
        --runs) runs=$2; shift 2 ;;
        --reuse) reuse=yes; shift ;;
        --warm) warm=yes; shift ;;
        --jvm-options) jvm_options=$2; shift 2 ;;
        --also) also=$(cd "$2" && pwd); shift 2 ;;
        --inside) shift; break ;;
        *) echo "usage: $0 [--runs N] [--reuse] [--warm] [--jvm-options '-XX:...'] [--also IMAGE]" >&2; exit 2 ;;
    esac
done
work=target/bench-startup

if [ "${1:-}" = measure ]; then
    # inside xvfb-run: measure LABEL TITLE LAUNCHER; prints "LABEL ms rss_kb pss_kb"
    label=$2 title=$3 launcher=$4
    xdg=$(mktemp -d)
    if [ -z "$warm" ] && [ "$(id -u)" -eq 0 ]; then sync; echo 3 > /proc/sys/vm/drop_caches; fi
    t0=$(date +%s%N)
    XDG_CONFIG_HOME=$xdg/config XDG_STATE_HOME=$xdg/state XDG_DATA_HOME=$xdg/data XDG_CACHE_HOME=$xdg/cache \
        "$launcher" >"$work/$label.log" 2>&1 &
    pid=$!
    win=""
    for _ in $(seq 1 1500); do   # 60 s
        win=$(xdotool search --onlyvisible --name "^$title" 2>/dev/null | head -n1 || true)
        [ -n "$win" ] && break
        kill -0 "$pid" 2>/dev/null || break
        sleep 0.02
    done
    ms=$(( ($(date +%s%N) - t0) / 1000000 ))
    if [ -z "$win" ]; then
        echo "startup: no '$title' window within 60 s; $launcher said:" >&2
        cat "$work/$label.log" >&2
        kill "$pid" 2>/dev/null || true
        exit 1
    fi
    sleep 1
    rss=$(awk '/^VmRSS:/ { print $2 }' "/proc/$pid/status")
    pss=$(awk '/^Pss:/ { print $2 }' "/proc/$pid/smaps_rollup")
    kill "$pid" 2>/dev/null || true
    wait "$pid" 2>/dev/null || true
    rm -rf "$xdg"
    echo "$label $ms $rss $pss"
    exit 0
fi

missing=()
command -v xvfb-run >/dev/null || missing+=(xvfb xauth)
command -v xdotool >/dev/null || missing+=(xdotool)
if [ ${#missing[@]} -gt 0 ]; then
    echo "startup: needs ${missing[*]}: sudo apt-get install ${missing[*]}" >&2
    exit 1
fi
java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
say() { echo "startup: $*" >&2; }

# the JVM options a launcher's .cfg gives (its java-options= lines), less jpackage's own -Djpackage.app-version
#   launcher_options CFG
launcher_options() { sed -n 's/^java-options=//p' "$1" 2>/dev/null | grep -v '^-Djpackage\.' || true; }

# true when the image's launcher names a class-data archive the image lacks: it then starts with no archive at all, not
# even the JDK's default one. A -Pdist build leaves such an image in target/dist/app (the .deb's postinst dumps the
# archive at install), which timed 1.58x where the app image of the same commit timed 1.30x.
# The archive is the one the launcher's .cfg names (packaging/jpackage/linux-appcds.txt: $APPDIR/...), not a copy of
# its name here.
#   archive_missing IMAGE NAME (NAME: the launcher's, e.g. Mailwright)
archive_missing() {
    local named
    named=$(launcher_options "$1/lib/app/$2.cfg" | sed -n 's|^-XX:SharedArchiveFile=\$APPDIR/||p')
    [ -n "$named" ] && [ ! -f "$1/lib/app/$named" ]
}

if [ -n "$also" ] && archive_missing "$also" Mailwright; then
    say "--also $also: its launcher names a class-data archive in lib/app it lacks (an image from mvn -Pdist?);"
    say "make it with packaging/build.sh --type app-image in that checkout"
    exit 2
fi

# Mailwright's image, exactly as the installer gets it
if [ -z "$reuse" ] || ! ls -d target/dist/app/Mailwright >/dev/null 2>&1 || archive_missing target/dist/app/Mailwright Mailwright; then
    ls target/mailwright-*.jar >/dev/null 2>&1 || { say "no target/mailwright-*.jar: run mvn -DskipTests package first"; exit 1; }
    say "building Mailwright's app image (packaging/build.sh --type app-image)"
    packaging/build.sh --type app-image --skip-jdeps >&2
fi
mw=target/dist/app/Mailwright
cfg=$mw/lib/app/Mailwright.cfg

# the hello image: Mailwright's runtime and launcher options, its own jar and main class; --reuse takes the one there only
# if its launcher has Mailwright's options still (a hello without a JIT or GC option Mailwright now has would be timed
# against it unfairly)
hello=$work/app/Hello
if [ -z "$reuse" ] || [ ! -x "$hello/bin/Hello" ] || archive_missing "$hello" Hello \
    || [ "$(launcher_options "$cfg")" != "$(launcher_options "$hello/lib/app/Hello.cfg")" ]; then
    say "building the hello app image the same way"
    rm -rf "$work"
    mkdir -p "$work/classes" "$work/input" "$work/app"
    "$java_home/bin/javac" -d "$work/classes" --module-path target/dist/javafx --add-modules javafx.controls \
        bench/startup/Hello.java
    "$java_home/bin/jar" --create --file "$work/input/hello.jar" -C "$work/classes" .
    options=()
    while IFS= read -r line; do options+=(--java-options "$line"); done < <(launcher_options "$cfg")
    version=$(sed -n 's/^app.version=//p' "$cfg")
    "$java_home/bin/jpackage" --name Hello --app-version "${version:-1.0}" --type app-image --dest "$work/app" \
        --runtime-image target/dist/runtime --input "$work/input" --main-jar hello.jar --main-class Hello "${options[@]}"
    # a class-data archive as Mailwright's, made the same way (packaging/build.sh runs packaging/appcds.sh)
    if [ -f "$mw/lib/app/mailwright.jsa" ]; then
        packaging/appcds.sh classlist "$hello" Hello "$hello/lib/app/hello.classlist" >&2
        packaging/appcds.sh dump "$hello" Hello "$hello/lib/app/hello.classlist" "$hello/lib/app/mailwright.jsa" >&2
    fi
fi
mkdir -p "$work"

if [ -z "$warm" ] && [ "$(id -u)" -eq 0 ]; then cold="cold (page cache dropped before each start)"; else cold="warm (page cache kept)"; fi
say "$runs starts of each, alternately, $cold"
[ -z "$jvm_options" ] || say "with _JAVA_OPTIONS=$jvm_options for both"
[ -z "$also" ] || say "and the image $also in turn with them"
results=$(env ${jvm_options:+_JAVA_OPTIONS="$jvm_options"} xvfb-run -a -s '-screen 0 1280x800x24' bash -c '
    for i in $(seq '"$runs"'); do
        if [ -n "$4" ]; then "$0" ${1:+--warm} --inside measure also Mailwright "$4/bin/Mailwright" || exit 1; fi
        "$0" ${1:+--warm} --inside measure mailwright Mailwright "$2" || exit 1
        "$0" ${1:+--warm} --inside measure hello Hello "$3" || exit 1
    done' "$here/bench/startup.sh" "$warm" "$here/$mw/bin/Mailwright" "$here/$hello/bin/Hello" "$also")
echo "$results" | sed 's/^/    /' >&2

. bench/lib.sh   # median
col() { echo "$results" | awk -v l="$1" -v c="$2" '$1 == l { print $c }' | median; }
mw_ms=$(col mailwright 2) hello_ms=$(col hello 2)
mw_rss=$(col mailwright 3) hello_rss=$(col hello 3)
mw_pss=$(col mailwright 4) hello_pss=$(col hello 4)
printf 'median of %d %s starts: first window Mailwright %.2f s, hello %.2f s\n' "$runs" "${cold%% *}" \
    "$(echo "$mw_ms / 1000" | bc -l)" "$(echo "$hello_ms / 1000" | bc -l)"
printf 'memory 1 s after the window: Mailwright RSS %d MB, PSS %d MB; hello RSS %d MB, PSS %d MB\n' \
    $((mw_rss / 1024)) $((mw_pss / 1024)) $((hello_rss / 1024)) $((hello_pss / 1024))
printf 'startup: Mailwright %.2f s / hello %.2f s = %.2fx; memory (RSS) %d MB / %d MB = %.2fx\n' \
    "$(echo "$mw_ms / 1000" | bc -l)" "$(echo "$hello_ms / 1000" | bc -l)" "$(echo "$mw_ms / $hello_ms" | bc -l)" \
    $((mw_rss / 1024)) $((hello_rss / 1024)) "$(echo "$mw_rss / $hello_rss" | bc -l)"
# each Mailwright start beside the hello start right after it: a drift of the machine's speed over the run (it moves
# both medians, by up to 0.3 s on this VM) mostly cancels out of each pair
pairs=$(echo "$results" | awk '$1 == "mailwright" { m = $2 } $1 == "hello" && m { printf "%.3f\n", m / $2; m = 0 }')
printf 'pairs: Mailwright / the hello start after it, median %.2fx (%s to %s in %d pairs)\n' "$(echo "$pairs" | median)" \
    "$(echo "$pairs" | sort -n | head -n1)" "$(echo "$pairs" | sort -n | tail -n1)" "$(echo "$pairs" | wc -l)"
if [ -n "$also" ]; then
    also_ms=$(col also 2) also_rss=$(col also 3)
    printf 'also: %s %.2f s / hello %.2f s = %.2fx, RSS %d MB; this image / it = %.2fx\n' "$also" \
        "$(echo "$also_ms / 1000" | bc -l)" "$(echo "$hello_ms / 1000" | bc -l)" "$(echo "$also_ms / $hello_ms" | bc -l)" \
        $((also_rss / 1024)) "$(echo "$mw_ms / $also_ms" | bc -l)"
fi
