#!/usr/bin/env bash
# Times full DNS checks of one domain against real DNS servers started on loopback (BIND named + dnsmasq; needs the
# bind9 and dnsmasq-base packages), parallel vs sequential queries in one process, and prints queries/s and the ratio.
# Usage: bench/dns-check.sh [checks per mode, default 200]
set -euo pipefail
cd "$(dirname "$0")/.."
mvn -B -q -o test-compile
mvn -B -q -o dependency:build-classpath -Dmdep.outputFile=target/bench-classpath.txt >/dev/null
exec java -cp "target/test-classes:target/classes:$(cat target/bench-classpath.txt)" org.mailwright.dns.DnsCheckBench "${1:-200}"
