#!/usr/bin/env bash
# What Mailwright needs on a Debian/Ubuntu desktop to build and run: a JDK (17 or newer), Maven, GTK 3 and a font
# for JavaFX. Sourced by ./mailwright and .ci/run; installs only what is missing, with sudo when not root.
mailwright_prereqs() {
    local need=()
    command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
    command -v mvn >/dev/null 2>&1 || need+=(maven)
    if [ "${1:-}" = gui ]; then
        # trixie renamed the library package (64-bit time_t transition)
        if ! ldconfig -p 2>/dev/null | grep -q 'libgtk-3.so.0'; then
            if apt-cache show libgtk-3-0t64 >/dev/null 2>&1; then need+=(libgtk-3-0t64); else need+=(libgtk-3-0); fi
        fi
        [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
    fi
    [ ${#need[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "mailwright: please install: ${need[*]} (a JDK 17+, Maven, GTK 3, a font)" >&2
        return 1
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "mailwright: installing what it needs to build and run: ${need[*]}" >&2
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq "${need[@]}" >/dev/null
}
