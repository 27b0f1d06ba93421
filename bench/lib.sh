# Sourced by the bench scripts (from the repository's root): what each of them needs to run the built CLI against a
# lab droplet and to summarise timings. Needs a build: mvn -DskipTests package.
jar=$(ls target/mailwright-*.jar 2>/dev/null | head -n1)
[ -n "$jar" ] || { echo "no target/mailwright-*.jar: run mvn -DskipTests package first" >&2; exit 1; }
# the benches do their arithmetic with bc, which a minimal Debian lacks: say so before measuring anything
command -v bc >/dev/null || { echo "needs bc: apt-get install bc" >&2; exit 1; }
# the CLI from the build, as ./mailwright runs it but without rebuilding
mw() { java -cp "$jar:target/lib/*" org.mailwright.Main "$@"; }
# VALUE DROPLET: a value of the droplet's env file (HOST, SSH_KEY, GATEWAY, ACME_DIR, ACME_CA, HOST_KEY_SHA256)
val() { grep "^$1=" "/run/mailwright-lab/$2/env" | cut -d= -f2-; }
# the median of the numbers on stdin, one per line
median() { sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] }'; }
