#!/bin/bash
# Times `mailwright status` (every check at once) on a healthy droplet set up by apply, against `mailwright check`
# (apply's verification, one check after another, a test message through the server included) and against the JVM
# alone (`mailwright --version`), on the same machine in the same run; prints the median of N runs and the ratios.
# Needs root (the lab) and a built jar: mvn -DskipTests package; sudo bench/status.sh [--suite bookworm|trixie] [--runs N]
# [--also DIR]: DIR is another checkout with its own build (mvn -DskipTests package there); its `status` is timed too,
# in turn with this one's, against the same droplet, and the ratio printed (before/after a change).
set -euo pipefail
cd "$(dirname "$0")/.."
suite=trixie
runs=5
also=
while (($#)); do
    case $1 in
        --suite) suite=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --also) also=$(cd "$2" && pwd); shift 2 ;;
        *) echo "usage: $0 [--suite bookworm|trixie] [--runs N] [--also DIR]" >&2; exit 2 ;;
    esac
done
. bench/lib.sh
name=bench-status
work=$(mktemp -d)
trap 'lab/droplet down --name $name >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
lab/droplet up --suite "$suite" --name $name >/dev/null
hash=$(echo 'Bench-password-42' | mw hash-password)
cat > "$work/server.yaml" <<Y
server:   { host: $(val HOST $name), port: 22, user: root, identity: $(val SSH_KEY $name) }
hostname: mail.example.com
domains:  [example.com]
users:    [ { address: john@example.com, password-hash: "$hash" } ]
tls:      { mode: certbot, email: john@example.com, acme-server: "$(val ACME_DIR $name)", acme-ca: $(val ACME_CA $name) }
Y
opts=(--known-hosts "$work/known_hosts" --dns-server "$(val GATEWAY $name)" --no-internet-checks)
mw apply "$work/server.yaml" --accept-host-key "$(val HOST_KEY_SHA256 $name)" "${opts[@]}" > "$work/apply.out" 2>&1 \
    || { echo "apply failed:" >&2; tail -n 40 "$work/apply.out" >&2; exit 1; }

time_runs() { # LABEL COMMAND...: prints the median wall seconds of $runs runs after one warm-up
    local label=$1; shift
    "$@" > "$work/$label.out" 2>&1 || true
    for _ in $(seq "$runs"); do
        local t0; t0=$(date +%s.%N)
        "$@" > "$work/$label.out" 2>&1 || true
        echo "$(date +%s.%N) - $t0" | bc
    done | median
}
# the other checkout's CLI, as mw runs this one's
mw_also() { java -cp "$(ls "$also"/target/mailwright-*.jar | head -n1):$also/target/lib/*" org.mailwright.Main "$@"; }
t_jvm=$(time_runs jvm mw --version)
t_status=$(time_runs status mw status "$work/server.yaml" "${opts[@]}")
t_check=$(time_runs check mw check "$work/server.yaml" "${opts[@]}")
grep -E "checks:" "$work/status.out" || true
printf 'median of %d runs on %s: status %.2f s, check %.2f s, JVM start alone %.2f s\n' "$runs" "$suite" "$t_status" "$t_check" "$t_jvm"
printf 'status / check: %.2f;  status minus the JVM start: %.2f s\n' "$(echo "$t_status / $t_check" | bc -l)" "$(echo "$t_status - $t_jvm" | bc -l)"
if [ -n "$also" ]; then
    # in turn, so that a change in the machine's load falls on both
    for _ in $(seq "$runs"); do
        for which in mw mw_also; do
            t0=$(date +%s.%N)
            $which status "$work/server.yaml" "${opts[@]}" > "$work/also.out" 2>&1 || true
            echo "$which $(echo "$(date +%s.%N) - $t0" | bc)"
        done
    done > "$work/turns"
    t_this=$(awk '$1 == "mw" { print $2 }' "$work/turns" | median)
    t_also=$(awk '$1 == "mw_also" { print $2 }' "$work/turns" | median)
    printf 'status in turn, median of %d: this build %.2f s, %s %.2f s; this / it = %.2f\n' "$runs" "$t_this" "$also" "$t_also" \
        "$(echo "$t_this / $t_also" | bc -l)"
fi
