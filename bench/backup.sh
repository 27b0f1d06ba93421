#!/bin/bash
# Times `mailwright backup` (the first one with --init, then an incremental one after 1% more mail) of a ~1 GB maildir of
# small messages, and `mailwright restore` of it onto a second, fresh droplet, against tar of the same data over ssh to
# this computer and to the second droplet, on the same machine in the same run; prints seconds, MB/s and ratios.
# Needs root (the lab) and a built jar: mvn -DskipTests package; sudo bench/backup.sh [--suite bookworm|trixie] [--messages N]
# (the restore target is always trixie, as a new server would be).
set -euo pipefail
cd "$(dirname "$0")/.."
suite=trixie
messages=30000
while (($#)); do
    case $1 in
        --suite) suite=$2; shift 2 ;;
        --messages) messages=$2; shift 2 ;;
        *) echo "usage: $0 [--suite bookworm|trixie] [--messages N]" >&2; exit 2 ;;
    esac
done
. bench/lib.sh
src=bench-bk-src
dst=bench-bk-dst
work=$(mktemp -d)
trap 'lab/droplet down --name $src >/dev/null 2>&1 || true; lab/droplet down --name $dst >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
lab/droplet up --suite "$suite" --name $src >/dev/null
lab/droplet up --suite trixie --name $dst >/dev/null
on() { local d=$1; shift; ssh -o BatchMode=yes -i "$(val SSH_KEY "$d")" -o UserKnownHostsFile="/run/mailwright-lab/$d/known_hosts" root@"$(val HOST "$d")" "$@"; }
now() { date +%s.%N; }
fail() { echo "$1 failed (exit $2); its output:" >&2; tail -n 40 "$3" >&2; exit 1; }
hash=$(echo 'Bench-password-42' | mw hash-password)

spec() { # spec DROPLET FILE
    cat > "$2" <<Y
server:   { host: $(val HOST "$1"), port: 22, user: root, identity: $(val SSH_KEY "$1") }
hostname: mail.example.com
domains:  [example.com]
users:    [ { address: john@example.com, password-hash: "$hash" } ]
tls:      { mode: certbot, email: john@example.com, acme-server: "$(val ACME_DIR "$1")", acme-ca: $(val ACME_CA "$1") }
Y
}
spec $src "$work/src.yaml"
spec $dst "$work/dst.yaml"
opts=(--known-hosts "$work/known_hosts")
dnsopts=(--no-internet-checks)

t0=$(now)
mw apply "$work/src.yaml" --accept-host-key "$(val HOST_KEY_SHA256 $src)" "${opts[@]}" "${dnsopts[@]}" --dns-server "$(val GATEWAY $src)" \
    > "$work/apply.out" 2>&1 || fail "apply on the source" $? "$work/apply.out"
t_apply=$(echo "$(now) - $t0" | bc)

# ~1 GB of mail in john's cur/, made on the droplet: messages of 20-50 KB, each a random slice of a pool of base64 lines
# (like attachments; no two the same), owned by vmail as Dovecot would leave them
make_mail() { # FIRST COUNT
    lab/droplet exec --name $src -- sh -c "set -e; [ -s /var/tmp/pool ] || head -c 16M /dev/urandom | base64 -w 76 > /var/tmp/pool
        dir=/var/vmail/example.com/john/cur; mkdir -p \$dir
        awk -v first=$1 -v n=$2 -v dir=\$dir 'BEGIN { srand(first + 15) } { pool[NR] = \$0 } END {
            for (i = first; i < first + n; i++) {
                f = sprintf(\"%s/%d.M%dP1.bench:2,S\", dir, 1764900000 + i, i)
                lines = int(260 + rand() * 390); start = int(rand() * (NR - lines)) + 1
                printf \"From: someone@example.org\\nTo: john@example.com\\nSubject: bench %d\\nMessage-ID: <bench-%d@example.org>\\nDate: Sat, 05 Dec 2026 10:00:00 +0000\\nContent-Type: text/plain\\n\\n\", i, i > f
                for (j = start; j < start + lines; j++) print pool[j] > f
                close(f)
            } }' /var/tmp/pool
        chown -R vmail:vmail /var/vmail/example.com/john; sync"
}
make_mail 0 "$messages"
mb=$(on $src "du -sb /var/vmail | cut -f1" | awk '{ printf "%.1f", $1 / 1e6 }')
count=$(on $src "find /var/vmail/example.com/john/cur -type f | wc -l")

# baselines: the same data with tar over ssh, to this computer and through it to the second droplet
t0=$(now)
on $src "tar -C /var/vmail -cf - ." > "$work/vmail.tar"
t_tar_here=$(echo "$(now) - $t0" | bc)
rm -f "$work/vmail.tar"
t0=$(now)
on $src "tar -C /var/vmail -cf - ." | on $dst "mkdir -p /var/tmp/vmail-copy && tar -C /var/tmp/vmail-copy -xf -"
t_tar_there=$(echo "$(now) - $t0" | bc)
on $dst "rm -rf /var/tmp/vmail-copy"

t0=$(now)
mw backup "$work/src.yaml" "${opts[@]}" --to "$work/repo" --init --sheet "$work/sheet.html" > "$work/backup1.out" 2>&1 \
    || fail "the first backup" $? "$work/backup1.out"
t_first=$(echo "$(now) - $t0" | bc)

added=$((messages / 100))
make_mail "$messages" "$added"
t0=$(now)
mw backup "$work/src.yaml" "${opts[@]}" --to "$work/repo" > "$work/backup2.out" 2>&1 || fail "the incremental backup" $? "$work/backup2.out"
t_incr=$(echo "$(now) - $t0" | bc)

password=$(sed -n 's/.*<code id="backup-password">\([^<]*\)<\/code>.*/\1/p' "$work/sheet.html" \
    | sed 's/&lt;/</g; s/&gt;/>/g; s/&quot;/"/g; s/&#39;/'"'"'/g; s/&amp;/\&/g')
[[ -n $password ]] || { echo "no <code id=\"backup-password\"> in the recovery sheet" >&2; exit 1; }
t0=$(now)
printf '%s\n' "$password" | mw restore "$work/dst.yaml" --from "$work/repo" --password-stdin --accept-host-key "$(val HOST_KEY_SHA256 $dst)" \
    "${opts[@]}" "${dnsopts[@]}" --dns-server "$(val GATEWAY $dst)" > "$work/restore.out" 2>&1 || fail "restore" $? "$work/restore.out"
t_restore=$(echo "$(now) - $t0" | bc)
restored=$(on $dst "find /var/vmail/example.com/john/cur -type f | wc -l")
want=$(on $src "find /var/vmail/example.com/john/cur -type f | wc -l")
[[ $restored == "$want" ]] || { echo "the restore put back $restored of $want messages" >&2; exit 1; }

echo "data: $count messages, $mb MB in /var/vmail (source $suite, target trixie); then $added more"
# (mailwright prints these as indented step messages)
sed -n 's/^ *\(backup: snapshot\|copied \)/\1/p' "$work/backup1.out" | sed 's/^/first backup: /'
sed -n 's/^ *\(backup: snapshot\|copied \)/\1/p' "$work/backup2.out" | sed 's/^/incremental: /'
awk -v mb="$mb" -v th="$t_tar_here" -v tt="$t_tar_there" -v f="$t_first" -v i="$t_incr" -v r="$t_restore" -v a="$t_apply" 'BEGIN {
    printf "tar over ssh to this computer (baseline): %7.1f s  %6.1f MB/s\n", th, mb / th
    printf "tar over ssh to the second droplet:       %7.1f s  %6.1f MB/s\n", tt, mb / tt
    printf "mailwright backup --init --to DIR, first: %7.1f s  %6.1f MB/s  ratio %.2fx tar to this computer (snapshot, verify, copy)\n", f, mb / f, f / th
    printf "mailwright backup --to DIR, +1%% mail:     %7.1f s              ratio %.2fx tar to this computer\n", i, i / th
    printf "mailwright apply, fresh server (for scale): %5.1f s\n", a
    printf "mailwright restore onto a fresh server:   %7.1f s  %6.1f MB/s  ratio %.2fx (tar to the droplet + apply)\n", r, mb / r, r / (tt + a)
}'
