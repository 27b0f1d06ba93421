#!/bin/bash
# How each day-two cost grows with the server: one lab droplet set up by apply with 1 mailbox in 1 domain, then grown
# to 100 mailboxes over 10 domains and 1,000 over 50 (the mail tables, a DKIM key per domain made by apply, maildirs
# with three small messages each: 3,000 messages at the largest size). At each size it times, in the same run:
#   plan            `mailwright plan` on a server with nothing to change (median of --runs), and its remote commands
#   users list      `mailwright users list` (median of --runs)
#   status          `mailwright status` (median of --runs)
#   check           `mailwright check` (once: it sends a test message through every domain)
#   apply +1        `mailwright apply` adding one mailbox to the spec (once)
#   window          the users window under Monocle over the droplet, from its creation to a filled table
#                   (UsersWindowTimingTest; the SSH login before it is not counted, as in the dashboard)
# and prints each in seconds and as the ratio to the 1-mailbox size, then a one-line summary. Every figure but the
# window is a whole `java` process, so the JVM's start (~0.6 s) is in each; the goal (issue 20) is at most 2x from 1
# to 1,000 mailboxes for plan, users list and the window.
# Needs root (the lab), bc, and a build: mvn -DskipTests package (which compiles the test class the window timing runs;
# that runs Maven as root, so root's ~/.m2 needs the dependencies: build as root once);
#   sudo bench/scale.sh [--suite bookworm|trixie] [--runs N] [--sizes "1:1 100:10 1000:50"] [--keep]
set -euo pipefail
cd "$(dirname "$0")/.."
suite=trixie
runs=3
sizes="1:1 100:10 1000:50"
keep=""
while (($#)); do
    case $1 in
        --suite) suite=$2; shift 2 ;;
        --runs) runs=$2; shift 2 ;;
        --sizes) sizes=$2; shift 2 ;;
        --keep) keep=yes; shift ;;
        *) echo "usage: $0 [--suite bookworm|trixie] [--runs N] [--sizes \"MAILBOXES:DOMAINS ...\"] [--keep]" >&2; exit 2 ;;
    esac
done
. bench/lib.sh
name=bench-scale
work=$(mktemp -d)
# --keep: the droplet and the work folder stay, to look at what went wrong
trap '[ -n "$keep" ] && echo "kept: lab/droplet ssh --name $name; $work" || { lab/droplet down --name $name >/dev/null 2>&1 || true; rm -rf "$work"; }' EXIT
lab/droplet up --suite "$suite" --name $name >/dev/null
host=$(val HOST $name)
key=$(val SSH_KEY $name)
on_server() { ssh -q -i "$key" -o UserKnownHostsFile="/run/mailwright-lab/$name/known_hosts" root@"$host" "$@"; }
hash=$(echo 'Bench-password-42' | mw hash-password)
cat > "$work/server.yaml" <<Y
server:   { host: $host, port: 22, user: root, identity: $key }
hostname: mail.example.com
domains:  [example.com]
tls:      { mode: certbot, email: john@example.com, acme-server: "$(val ACME_DIR $name)", acme-ca: $(val ACME_CA $name) }
users:
  - { address: john@example.com, password-hash: "$hash" }
Y
opts=(--known-hosts "$work/known_hosts" --dns-server "$(val GATEWAY $name)" --no-internet-checks)
mw apply "$work/server.yaml" --accept-host-key "$(val HOST_KEY_SHA256 $name)" "${opts[@]}" > "$work/apply.out" 2>&1 \
    || { echo "apply failed:" >&2; tail -n 40 "$work/apply.out" >&2; exit 1; }

once() { # LABEL COMMAND...: wall seconds of one run, its output in $work/LABEL.out
    local label=$1; shift
    local t0; t0=$(date +%s.%N)
    "$@" > "$work/$label.out" 2>&1 || true
    echo "$(date +%s.%N) - $t0" | bc
}
median_of() { # LABEL COMMAND...: the median of $runs runs after one warm-up
    local label=$1; shift
    "$@" > "$work/$label.out" 2>&1 || true
    for _ in $(seq "$runs"); do once "$label" "$@"; done | median
}

# Grows the server to MAILBOXES mailboxes over DOMAINS domains behind Mailwright's back, as years of `users add` and
# `domains add` would have (the tables are the server's truth), then lets apply settle it: a DKIM key per new domain.
grow() {
    local mailboxes=$1 domains=$2
    on_server "MAILBOXES=$mailboxes DOMAINS=$domains HASH='$hash' bash -s" <<'SEED'
set -euo pipefail
# each its own registrable domain: rspamd signs a subdomain's mail with its parent's key (use_esld), docs/performance.md
dom() { if [ "$1" -eq 0 ]; then echo example.com; else printf 'd%02d-example.net' "$1"; fi; }
for i in $(seq 1 $((DOMAINS - 1))); do d=$(dom "$i"); grep -qx "$d" /etc/mail/domains || echo "$d" >> /etc/mail/domains; done
have=$(grep -c '^u[0-9]*@' /etc/mail/credentials || true)
for i in $(seq "$((have + 1))" $((MAILBOXES - 1))); do
    d=$(dom $((i % DOMAINS))); a="u$i@$d"
    echo "$a:$HASH::::::" >> /etc/mail/credentials
    echo "$a: vmail" >> /etc/mail/virtuals
    m="/var/vmail/$d/u$i"
    install -d -o vmail -g vmail -m 0700 "$m" "$m/cur" "$m/new" "$m/tmp"
    for n in 1 2 3; do
        printf 'From: cron@example.com\nTo: %s\nSubject: message %s\nMessage-ID: <%s.%s@example.com>\n\nA small message, %s of 3.\n' \
            "$a" "$n" "$i" "$n" "$n" > "$m/cur/$(date +%s).$i$n.bench:2,S"
    done
    chown vmail:vmail "$m"/cur/*
done
for i in $(seq 1 $((DOMAINS - 1))); do d=$(dom "$i")
    grep -q "^postmaster@$d:" /etc/mail/virtuals || echo "postmaster@$d: john@example.com" >> /etc/mail/virtuals; done
for t in credentials virtuals domains; do smtpctl update table "$t" >/dev/null; done
doveadm quota recalc -A 2>/dev/null || true
SEED
    mw apply "$work/server.yaml" "${opts[@]}" > "$work/grow-$mailboxes.out" 2>&1 \
        || { echo "apply after growing to $mailboxes mailboxes failed:" >&2; tail -n 40 "$work/grow-$mailboxes.out" >&2; exit 1; }
}

declare -A t
first=""
for size in $sizes; do
    mailboxes=${size%%:*}; domains=${size##*:}
    [ "$mailboxes" -gt 1 ] && grow "$mailboxes" "$domains"
    t[plan,$size]=$(median_of plan mw plan "$work/server.yaml" "${opts[@]}")
    grep -qx "no changes" "$work/plan.out" || { echo "plan at $size is not empty:" >&2; tail -n 30 "$work/plan.out" >&2; exit 1; }
    mw plan "$work/server.yaml" "${opts[@]}" --transcript "$work/plan-$size.log" > /dev/null 2>&1 || true
    t[cmds,$size]=$(grep -o '[0-9]* remote commands in this session' "$work/plan-$size.log" | tail -n1 | cut -d' ' -f1 || true)
    t[users,$size]=$(median_of users mw users list --server "$work/server.yaml" --known-hosts "$work/known_hosts")
    listed=$(grep -oE '^[0-9]+ mailbox(es)?$' "$work/users.out" | cut -d' ' -f1 || true)
    listed=${listed:-0}
    [ "$listed" -ge "$mailboxes" ] || { echo "users list at $size shows $listed mailboxes:" >&2; tail "$work/users.out" >&2; exit 1; }
    t[status,$size]=$(median_of status mw status "$work/server.yaml" "${opts[@]}")
    grep -E "checks:" "$work/status.out" | sed "s/^/status at $size: /" || true
    t[check,$size]=$(once check mw check "$work/server.yaml" "${opts[@]}")
    printf '  - { address: added%s@example.com, password-hash: "%s" }\n' "$mailboxes" "$hash" >> "$work/server.yaml"
    t[apply,$size]=$(once apply mw apply "$work/server.yaml" "${opts[@]}")
    grep -q "added$mailboxes@example.com" "$work/apply.out" || { echo "apply +1 at $size did not add the mailbox:" >&2; tail -n 30 "$work/apply.out" >&2; exit 1; }
    mvn -B -q surefire:test -Dtest=UsersWindowTimingTest -Dsurefire.failIfNoSpecifiedTests=false \
        -Dscale.env="/run/mailwright-lab/$name/env" -Dscale.domains="$domains" > "$work/window-$size.out" 2>&1 || true
    window=$(grep -oE 'users window: .*' "$work/window-$size.out" || true)
    [ -n "$window" ] || { echo "no users window figure at $size; Maven said:" >&2; tail -n 30 "$work/window-$size.out" >&2; }
    t[window,$size]=$(echo "$window" | grep -oE '[0-9]+ ms' | awk '{ printf "%.2f", $1 / 1000 }' || true)
    [ -n "${t[window,$size]}" ] || t[window,$size]=NaN
    [ -z "$first" ] && first=$size
    echo "size $mailboxes mailboxes / $domains domains done (the server now holds $((listed + 1))); ${window:-no window figure}"
done

echo
printf '%-26s' ""; for size in $sizes; do printf '%22s' "${size%%:*} mb / ${size##*:} dom"; done; echo
for m in plan users status check apply window; do
    label=$(case $m in plan) echo "plan (nothing to change)";; users) echo "users list";; status) echo status;;
        check) echo "check";; apply) echo "apply adding 1 mailbox";; window) echo "users window, filled";; esac)
    printf '%-26s' "$label"
    for size in $sizes; do
        v=${t[$m,$size]}; b=${t[$m,$first]}
        if [ "$v" = NaN ] || [ "$b" = NaN ]; then printf '%22s' "n/a"; else printf '%12.2f s %6.2fx' "$v" "$(echo "$v / $b" | bc -l)"; fi
    done
    echo
done
printf '%-26s' "remote commands in plan"; for size in $sizes; do printf '%22s' "${t[cmds,$size]:-?}"; done; echo
last=${sizes##* }
printf 'scale: 1 -> %s mailboxes: plan %.2fx, users list %.2fx, window %sx, status %.2fx (goal <= 2x for plan, users list, window)\n' \
    "${last%%:*}" "$(echo "${t[plan,$last]} / ${t[plan,$first]}" | bc -l)" "$(echo "${t[users,$last]} / ${t[users,$first]}" | bc -l)" \
    "$( [ "${t[window,$last]}" = NaN ] && echo n/a || printf '%.2f' "$(echo "${t[window,$last]} / ${t[window,$first]}" | bc -l)")" \
    "$(echo "${t[status,$last]} / ${t[status,$first]}" | bc -l)"
