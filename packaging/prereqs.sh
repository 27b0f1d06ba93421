#!/usr/bin/env bash
# What Mailwright needs on a Debian/Ubuntu machine, installed only when missing (with sudo when not root). Sourced by
# ./mailwright and ./verify:
#   mailwright_prereqs        build and run the CLI: a JDK (17 or newer) and Maven
#   mailwright_prereqs gui    and the window: GTK 3 and a font for JavaFX
#   mailwright_prereqs test   and what the tests run for real: GTK and a font (TestFX renders text with pango even
#                             headless), BIND's named and dnsmasq (DNS tests on loopback), openssl, ssh-keygen, python3
mailwright_prereqs() {
    local need=()
    command -v javac >/dev/null 2>&1 || need+=(default-jdk-headless)
    command -v mvn >/dev/null 2>&1 || need+=(maven)
    if [ "${1:-}" = gui ] || [ "${1:-}" = test ]; then
        # trixie renamed the library package (64-bit time_t transition)
        if ! ldconfig -p 2>/dev/null | grep -q 'libgtk-3.so.0'; then
            if apt-cache show libgtk-3-0t64 >/dev/null 2>&1; then need+=(libgtk-3-0t64); else need+=(libgtk-3-0); fi
        fi
        [ -e /usr/share/fonts/truetype/dejavu/DejaVuSans.ttf ] || need+=(fonts-dejavu-core)
    fi
    local new_named=""
    if [ "${1:-}" = test ]; then
        if [ ! -x /usr/sbin/named ]; then need+=(bind9); new_named=yes; fi
        [ -x /usr/sbin/dnsmasq ] || need+=(dnsmasq-base)
        command -v named-checkzone >/dev/null 2>&1 || need+=(bind9-utils)
        command -v openssl >/dev/null 2>&1 || need+=(openssl)
        command -v ssh-keygen >/dev/null 2>&1 || need+=(openssh-client)
        # the DNS-01 hook for deSEC and Hetzner runs on the server with python3; its test runs it here the same way
        command -v python3 >/dev/null 2>&1 || need+=(python3)
    fi
    [ ${#need[@]} -eq 0 ] && return 0
    if ! command -v apt-get >/dev/null 2>&1; then
        echo "mailwright: please install: ${need[*]}" >&2
        return 1
    fi
    local sudo=""
    [ "$(id -u)" -eq 0 ] || sudo="sudo"
    echo "mailwright: installing what it needs: ${need[*]}" >&2
    $sudo apt-get update -qq >/dev/null && DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
    if [ -n "$new_named" ] && [ -d /run/systemd/system ]; then
        # the tests start their own named on loopback; a DNS server left running on this machine is not what was asked for
        $sudo systemctl disable --now named >/dev/null 2>&1 || true
        echo "mailwright: installed bind9 for the DNS tests and disabled its service (the tests start their own named)" >&2
    fi
}
