#!/usr/bin/env bash
# Builds Mailwright's installer for this platform, the same way on Linux, Windows (Git Bash) and macOS:
#   1. a trimmed Java runtime with jlink (modules: packaging/jlink/runtime.txt; checked against jdeps),
#   2. the app image with jpackage (target/dist/app/Mailwright...),
#   3. the installer from that image (target/dist/*.deb | *.msi | *.dmg), unless --type app-image.
# jpackage's options live in packaging/jpackage/{common,image,<os>-image,<os>}.txt; this script adds only what depends on
# the build. It needs `mvn package` first (mvn -Pdist package runs it after packaging, with the tests).
#   packaging/build.sh [--type auto|deb|rpm|msi|exe|dmg|pkg|app-image] [--skip-jdeps]   (auto: deb, msi or dmg)
set -euo pipefail
cd "$(dirname "$0")/.."
start=$(date +%s)
say() { echo "packaging: [$(( $(date +%s) - start ))s] $*"; }

case "$(uname -s)" in
    Linux) os=linux; type=deb; sep=: ;;
    Darwin) os=mac; type=dmg; sep=: ;;
    MINGW* | MSYS* | CYGWIN*) os=windows; type=msi; sep=';' ;;
    *) echo "packaging: unknown platform $(uname -s)" >&2; exit 2 ;;
esac
jdeps_check=yes
while [ $# -gt 0 ]; do
    case "$1" in
        --type) [ "$2" = auto ] || type=$2; shift 2 ;;
        --skip-jdeps) jdeps_check=""; shift ;;
        *) echo "usage: packaging/build.sh [--type deb|rpm|msi|exe|dmg|pkg|app-image] [--skip-jdeps]" >&2; exit 2 ;;
    esac
done

java_home=${JAVA_HOME:-$(dirname "$(dirname "$(readlink -f "$(command -v javac)")")")}
[ "$os" = windows ] && command -v cygpath >/dev/null && java_home=$(cygpath -m "$java_home")
for tool in jlink jpackage jdeps jar; do
    [ -x "$java_home/bin/$tool" ] || [ -x "$java_home/bin/$tool.exe" ] || {
        echo "packaging: $java_home has no $tool (needs a full JDK 17+, set JAVA_HOME)" >&2; exit 1; }
done
[ -d "$java_home/jmods" ] || { echo "packaging: $java_home/jmods is missing (Debian: apt-get install openjdk-17-jdk-headless)" >&2; exit 1; }

jars=(target/mailwright-*.jar)
if [ ! -f "${jars[0]}" ] || [ ! -d target/lib ]; then
    echo "packaging: no target/mailwright-*.jar or target/lib: run mvn -Pdist package (or mvn package first)" >&2
    exit 1
fi
main_jar=$(basename "${jars[0]}")
version=${main_jar#mailwright-}; version=${version%.jar}
# jpackage wants 1 to 3 numbers: 0.1.0-SNAPSHOT is packaged as 0.1.0 (the app itself still says 0.1.0-SNAPSHOT)
app_version=${version%%-*}
if [ "$os" = mac ] && [ "${app_version%%.*}" = 0 ]; then
    # macOS bundle versions must not start with 0; the .dmg's name keeps the real version (renamed below)
    app_version="1.${app_version#0.}"
    say "macOS cannot take a version starting with 0: the bundle says $app_version"
fi

dist=target/dist
rm -rf "$dist"
mkdir -p "$dist/input" "$dist/javafx" "$dist/natives"
# JavaFX's platform jars (javafx-graphics-21.0.11-linux.jar, ...-win.jar, ...-mac.jar) become modules of the runtime;
# everything else goes on the class path, as plain jars (BouncyCastle stays signed)
cp "target/$main_jar" "$dist/input/"
for jar in target/lib/*.jar; do
    case "$(basename "$jar")" in
        javafx-*-[0-9]*-*.jar) cp "$jar" "$dist/javafx/" ;;
        javafx-*) ;;  # the empty classifier-less javafx jars
        *) cp "$jar" "$dist/input/" ;;
    esac
done
ls "$dist"/javafx/javafx-graphics-*.jar >/dev/null 2>&1 || { echo "packaging: no JavaFX platform jars in target/lib" >&2; exit 1; }

if [ -n "$jdeps_check" ]; then
    say "jdeps: which Java modules the jars use"
    found=$("$java_home/bin/jdeps" --print-module-deps --ignore-missing-deps --multi-release 17 \
        --module-path "$dist/javafx" "$dist"/input/*.jar | tr -d '\r')
    listed=$(grep '^--add-modules' packaging/jlink/runtime.txt | sed 's/^--add-modules //' | tr '\n' ,)
    missing=""
    for m in ${found//,/ }; do
        case ",$listed," in *",$m,"*) ;; *) missing="$missing $m" ;; esac
    done
    if [ -n "$missing" ]; then
        echo "packaging: jdeps says the jars need$missing: add them to packaging/jlink/runtime.txt" >&2
        exit 1
    fi
fi

say "jlink: the runtime"
"$java_home/bin/jlink" @packaging/jlink/runtime.txt --module-path "$java_home/jmods$sep$dist/javafx" --output "$dist/runtime"
# the runtime's commands (java, keytool) were needed only to make its CDS archive (runtime.txt): the launcher is jpackage's
if [ "$os" = windows ]; then rm -f "$dist"/runtime/bin/*.exe; else rm -rf "$dist/runtime/bin"; fi
# jlink also writes classes_nocoops.jsa (11 MB), used only when the heap is over 32 GB (no compressed oops); without it
# such a JVM just starts without CDS
find "$dist/runtime" -name classes_nocoops.jsa -delete
# JavaFX loads its native libraries from the runtime's own library folder (bin on Windows)
(cd "$dist/natives" && "$java_home/bin/jar" xf ../javafx/javafx-graphics-*.jar)
libdir=lib; [ "$os" = windows ] && libdir=bin
find "$dist/natives" -maxdepth 1 \( -name '*.so' -o -name '*.dll' -o -name '*.dylib' \) -exec cp {} "$dist/runtime/$libdir/" \;
rm -rf "$dist/natives"

say "jpackage: the app image (version $app_version)"
common=(@packaging/jpackage/common.txt --app-version "$app_version")
# Linux: the launcher also maps an AppCDS archive of the classes a start loads (JDK, JavaFX, libraries, app): their list
# is made here by starting the image once (packaging/appcds.sh), which needs a display, so it is left out when there
# is none. Not tried on macOS and Windows (their installers have no step that could dump the archive in place).
# (${a[@]+...}: macOS bash 3.2 calls an empty array unbound under set -u)
appcds=()
if [ "$os" = linux ]; then
    if [ -n "${DISPLAY:-}" ] || command -v xvfb-run >/dev/null; then
        appcds=(@packaging/jpackage/linux-appcds.txt)
    else
        say "no AppCDS archive: no DISPLAY and no xvfb-run (apt-get install xvfb xauth); the app starts without it"
    fi
fi
"$java_home/bin/jpackage" "${common[@]}" @packaging/jpackage/image.txt @"packaging/jpackage/$os-image.txt" ${appcds[@]+"${appcds[@]}"} \
    --type app-image --dest "$dist/app" --runtime-image "$dist/runtime" --input "$dist/input" --main-jar "$main_jar"
image=$(ls -d "$dist"/app/Mailwright*)
if [ ${#appcds[@]} -gt 0 ]; then
    say "AppCDS: starting the image once to list the classes a start loads, then dumping them"
    packaging/appcds.sh classlist "$image" Mailwright "$image/lib/app/mailwright.classlist"
    packaging/appcds.sh dump "$image" Mailwright "$image/lib/app/mailwright.classlist" "$image/lib/app/mailwright.jsa"
fi

if [ "$type" != app-image ]; then
    # the archive is valid only for the jars' paths and times here: the package's postinst dumps its own, in place
    rm -f "$image/lib/app/mailwright.jsa"
    say "jpackage: the $type installer"
    "$java_home/bin/jpackage" "${common[@]}" @"packaging/jpackage/$os.txt" --type "$type" --app-image "$image" --dest "$dist"
    if [ "$os" = mac ] && [ "$app_version" != "${version%%-*}" ]; then
        for f in "$dist"/Mailwright-"$app_version".*; do mv "$f" "$dist/Mailwright-${version%%-*}.${f##*.}"; done
    fi
    for f in "$dist"/*."$type"; do say "made $f ($(wc -c <"$f" | tr -d ' ') bytes)"; done
fi
say "done"
