#!/bin/bash
# Times the guide's plain commands over ssh on one fresh droplet against `mailwright apply` on another (and a second,
# idempotent apply), on the same machine in the same run, and prints the ratios, then apply's own overhead: apply minus
# its package step, with the five slowest other steps. Needs root (the lab), bc and a built jar:
#   mvn -DskipTests package; sudo bench/seed-vs-apply.sh [--keep DIR]   (Debian 13 only: the seed commands are for it)
# --keep DIR leaves both applies' output and transcripts (apply.log, apply2.log: each remote command's time) in DIR.
set -euo pipefail
cd "$(dirname "$0")/.."
keep=
case "$#:${1:-}" in
    0:) ;;
    2:--keep) keep=$2; mkdir -p "$keep" ;;
    *) echo "usage: $0 [--keep DIR] (Debian 13 only: the seed commands are written for it)" >&2; exit 2 ;;
esac
suite=trixie
. bench/lib.sh
work=${keep:-$(mktemp -d)}
trap 'lab/droplet down --name bench-seed >/dev/null 2>&1 || true; lab/droplet down --name bench-apply >/dev/null 2>&1 || true; [ -n "$keep" ] || rm -rf "$work"' EXIT
lab/droplet up --suite "$suite" --name bench-seed >/dev/null
lab/droplet up --suite "$suite" --name bench-apply >/dev/null
hash=$(echo 'Bench-password-42' | mw hash-password)

# baseline: the guide's commands, pasted into one ssh session
seed_host=$(val HOST bench-seed)
scp -q -i "$(val SSH_KEY bench-seed)" -o UserKnownHostsFile=/run/mailwright-lab/bench-seed/known_hosts "$(val ACME_CA bench-seed)" root@"$seed_host":/tmp/acme-ca.crt
t0=$(date +%s.%N)
ssh -i "$(val SSH_KEY bench-seed)" -o UserKnownHostsFile=/run/mailwright-lab/bench-seed/known_hosts root@"$seed_host" \
    "ACME='$(val ACME_DIR bench-seed)' HASH='$hash' bash -s > /root/seed.log 2>&1" < bench/seed-commands.sh
# (output to a file on the server: a daemon that inherits the session's stdout would keep ssh waiting forever)
t1=$(date +%s.%N)

cat > "$work/spec.yaml" <<Y
server:   { host: $(val HOST bench-apply), port: 22, user: root, identity: $(val SSH_KEY bench-apply) }
hostname: mail.example.com
domains:  [example.com]
users:    [ { address: john@example.com, password-hash: "$hash" } ]
tls:      { mode: certbot, email: john@example.com, acme-server: "$(val ACME_DIR bench-apply)", acme-ca: $(val ACME_CA bench-apply) }
Y
opts=(--known-hosts "$work/known_hosts" --no-internet-checks --dns-server "$(val GATEWAY bench-apply)" --transcript "$work/apply.log")
t2=$(date +%s.%N)
# a failed apply is no timing
mw apply "$work/spec.yaml" --accept-host-key "$(val HOST_KEY_SHA256 bench-apply)" "${opts[@]}" > "$work/apply.out" 2>&1 \
    || { echo "apply failed:" >&2; tail -n 40 "$work/apply.out" >&2; exit 1; }
t3=$(date +%s.%N)
mw apply "$work/spec.yaml" "${opts[@]/%apply.log/apply2.log}" > "$work/apply2.out" 2>&1 \
    || { echo "second apply failed:" >&2; tail -n 40 "$work/apply2.out" >&2; exit 1; }
t4=$(date +%s.%N)

awk -v s="$(echo "$t1 - $t0" | bc)" -v a="$(echo "$t3 - $t2" | bc)" -v b="$(echo "$t4 - $t3" | bc)" 'BEGIN {
    printf "seed commands over ssh (baseline): %6.1f s\n", s
    printf "mailwright apply, fresh server:    %6.1f s   ratio %.2fx (also verifies end to end)\n", a, a / s
    printf "mailwright apply, second run:      %6.1f s   ratio %.2fx (nothing to change)\n", b, b / s
}'
# apply minus its package step: what Mailwright itself adds on a fresh server (apt's download and dpkg are the floor)
pkg=$(awk '/^\[[0-9]+\/[0-9]+\] Install packages/ { f = 1 } f && /done in/ { print $3; exit }' "$work/apply.out")
awk -v a="$(echo "$t3 - $t2" | bc)" -v p="${pkg:-0}" 'BEGIN {
    printf "apply minus its package step:      %6.1f s   (the package step %.1f s)\n", a - p, p
}'
echo "slowest other steps:"
awk '/^\[[0-9]+\/[0-9]+\] / { step = substr($0, index($0, "] ") + 2) } /done in/ && step !~ /Install packages/ { printf "%6.1f s  %s\n", $3, step }' \
    "$work/apply.out" | sort -rn | head -n 5
grep -E "checks:" "$work/apply.out" | sed 's/^/apply: /' || true
grep -E "checks:|Nothing to change" "$work/apply2.out" | sed 's/^/second apply: /' || true
