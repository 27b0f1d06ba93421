#!/bin/bash
# The cost of one remote command: Mailwright's SSH layer (SshRemoteHost over sshj, one connection) against OpenSSH's
# client on one multiplexed connection (ControlMaster), the same short command on the same lab droplet in the same run.
# OpenSSH's figure includes starting an ssh process for each command, which a shell script pays; Mailwright runs in one.
# A step sends tens of commands and an apply about 150, so this per-command cost is in every figure of the other
# benches. Needs root (the lab), bc and a build:
#   mvn -DskipTests package; sudo bench/ssh-commands.sh [--runs N] [--suite bookworm|trixie]
set -euo pipefail
cd "$(dirname "$0")/.."
runs=200; suite=trixie
usage() { echo "usage: $0 [--runs N (at least 1)] [--suite bookworm|trixie]" >&2; exit 2; }
while (($#)); do
    case $1 in
        --runs) (($# >= 2)) || usage; runs=$2; shift 2 ;;
        --suite) (($# >= 2)) || usage; suite=$2; shift 2 ;;
        *) usage ;;
    esac
done
[[ $runs =~ ^[1-9][0-9]*$ ]] || usage
[[ $suite == bookworm || $suite == trixie ]] || usage
. bench/lib.sh
name=bench-ssh
work=$(mktemp -d)
trap 'ssh -O exit -o ControlPath="$work/cm" x 2>/dev/null || true; lab/droplet down --name "$name" >/dev/null 2>&1 || true; rm -rf "$work"' EXIT
lab/droplet up --suite "$suite" --name "$name" >/dev/null
host=$(val HOST "$name"); key=$(val SSH_KEY "$name")
javac -d "$work" -cp "$jar:target/lib/*" bench/ssh/SshCommands.java
o=(-i "$key" -o IdentitiesOnly=yes -o UserKnownHostsFile=/run/mailwright-lab/$name/known_hosts -o ControlPath="$work/cm" -o ControlMaster=auto -o ControlPersist=120 -o BatchMode=yes)
ssh "${o[@]}" root@"$host" true
echo "ssh-commands: $runs runs of each command on one connection ($suite droplet), milliseconds per command"
for cmd in true "systemctl is-active --quiet ssh"; do
    t0=$(date +%s.%N)
    for ((i = 0; i < runs; i++)); do ssh "${o[@]}" root@"$host" "$cmd"; done
    t1=$(date +%s.%N)
    base=$(echo "($t1 - $t0) * 1000 / $runs" | bc -l)
    mine=$(java -cp "$work:$jar:target/lib/*" SshCommands "$host" "$key" "$runs" "$cmd" 2>"$work/java.log" | tail -n1) \
        || { echo "Mailwright's run failed:" >&2; tail -n 20 "$work/java.log" >&2; exit 1; }
    awk -v c="$cmd" -v b="$base" -v m="$mine" 'BEGIN { printf "  %-34s OpenSSH (multiplexed) %6.2f ms   Mailwright %6.2f ms   ratio %.2fx\n", c, b, m, m / b }'
done
