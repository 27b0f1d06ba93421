package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.remote.Auth;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.ConnectionLostException;
import org.mailwright.remote.HostKeyChangedException;
import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;
import org.mailwright.remote.UnknownHostKey;

/**
 * SshRemoteHost against a real fresh Debian (OpenSSH, real sudo, real SFTP server), one droplet per suite shared by
 * these tests. The host key rotation runs last because it changes the droplet for everyone after it.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class SshLabTest {
    private static final Map<String, LabDroplet> DROPLETS = new ConcurrentHashMap<>();

    @TempDir
    Path dir;

    private static LabDroplet droplet(String suite) {
        return DROPLETS.computeIfAbsent(suite, LabDroplet::up);
    }

    @AfterAll
    static void tearDown() {
        DROPLETS.values().forEach(LabDroplet::close);
        DROPLETS.clear();
    }

    private HostKeyStore knownHosts() {
        return new HostKeyStore(dir.resolve("known_hosts"));
    }

    private SshRemoteHost asRoot(LabDroplet d) {
        return SshRemoteHost.connect(new SshTarget(d.host(), d.sshPort(), "root", Auth.keyFile(d.sshKey())), knownHosts(),
                HostKeyPrompt.acceptFingerprint(d.hostKeySha256()));
    }

    private SshRemoteHost asAdmin(LabDroplet d) {
        return SshRemoteHost.connect(new SshTarget(d.host(), d.sshPort(), d.adminUser(), Auth.password(d.adminPassword().toCharArray())),
                knownHosts(), HostKeyPrompt.acceptFingerprint(d.hostKeySha256()));
    }

    private static String onDroplet(LabDroplet d, String script) {
        var r = d.exec("sh", "-c", script);
        assertThat(r.exitCode()).as("droplet: %s -> %s", script, r.output()).isZero();
        return r.output();
    }

    @Order(1)
    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void rootLogsInWithKeyAndWithPassword(String suite) {
        LabDroplet d = droplet(suite);
        try (SshRemoteHost host = asRoot(d)) {
            assertThat(host.exec(Command.of("id", "-u")).orThrow().stdout()).isEqualTo("0\n");
        }
        try (SshRemoteHost host = SshRemoteHost.connect(new SshTarget(d.host(), d.sshPort(), "root",
                Auth.password(d.rootPassword().toCharArray())), knownHosts(), HostKeyPrompt.rejectUnknown())) {
            assertThat(host.exec(Command.of("id", "-un")).orThrow().stdout()).isEqualTo("root\n");
            assertThat(host.transcript().render()).doesNotContain(d.rootPassword());
        }
    }

    @Order(2)
    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void hostKeyIsPinnedOnFirstContactWithTheDropletsFingerprint(String suite) {
        LabDroplet d = droplet(suite);
        AtomicReference<UnknownHostKey> asked = new AtomicReference<>();
        SshRemoteHost.connect(new SshTarget(d.host(), d.sshPort(), "root", Auth.keyFile(d.sshKey())), knownHosts(), k -> {
            asked.set(k);
            return true;
        }).close();
        assertThat(asked.get().fingerprint()).isEqualTo(d.hostKeySha256());
        assertThat(knownHosts().keysFor(d.host(), d.sshPort())).singleElement()
                .satisfies(k -> assertThat(k.fingerprint()).isEqualTo(d.hostKeySha256()));
        // pinned now: no question the second time
        SshRemoteHost.connect(new SshTarget(d.host(), d.sshPort(), "root", Auth.keyFile(d.sshKey())), knownHosts(),
                HostKeyPrompt.rejectUnknown()).close();
    }

    @Order(3)
    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void adminRunsAsRootThroughSudoWithPassword(String suite) {
        LabDroplet d = droplet(suite);
        try (SshRemoteHost host = asAdmin(d)) {
            assertThat(host.exec(Command.of("id", "-u")).orThrow().stdout()).isEqualTo("0\n");
            // sudo reads its password line first; the command must get exactly its own stdin after it
            CommandResult cat = host.exec(Command.of("cat").withStdin("first\nsecond\n".getBytes(StandardCharsets.UTF_8)));
            assertThat(cat.stdout()).isEqualTo("first\nsecond\n");
            assertThat(host.transcript().render()).doesNotContain(d.adminPassword());
            // sudo's env_reset drops SSH_CLIENT: the brute-force protection still finds the address it must never ban
            assertThat(host.exec(Command.script(org.mailwright.engine.steps.Protection.CONNECTING_ADDRESS)).stdout()).isEqualTo(d.gateway());
        }
    }

    @Order(4)
    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void adminUploadsAndReadsARootOnlyFile(String suite) {
        LabDroplet d = droplet(suite);
        onDroplet(d, "mkdir -p /etc/mail");
        try (SshRemoteHost host = asAdmin(d)) {
            host.uploadAtomic("/etc/mail/lab-credentials", "user@example.org:$2b$hash::::::\n".getBytes(StandardCharsets.UTF_8),
                    0440, "root", "root");
            assertThat(onDroplet(d, "stat -c '%a %U %G' /etc/mail/lab-credentials")).isEqualTo("440 root root\n");
            assertThat(host.read("/etc/mail/lab-credentials")).hasValueSatisfying(
                    b -> assertThat(new String(b, StandardCharsets.UTF_8)).startsWith("user@example.org:"));
            assertThat(onDroplet(d, "ls -a /etc/mail; ls -a ~" + d.adminUser())).doesNotContain("mailwright-tmp")
                    .doesNotContain(".mailwright-upload-");
        }
    }

    @Order(5)
    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void execStreamsLinesAndReturnsExitCodes(String suite) throws Exception {
        LabDroplet d = droplet(suite);
        try (SshRemoteHost host = asRoot(d)) {
            List<String> seen = new CopyOnWriteArrayList<>();
            CountDownLatch first = new CountDownLatch(1);
            CompletableFuture<CommandResult> run = CompletableFuture.supplyAsync(() -> host.exec(
                    Command.script("printf 'a\\n'; sleep 2; printf 'b\\n'; echo oops >&2; exit 7"), (s, l) -> {
                        seen.add(s + ":" + l);
                        first.countDown();
                    }, Duration.ofSeconds(60), Cancel.NEVER));
            assertThat(first.await(10, TimeUnit.SECONDS)).isTrue();
            assertThat(run).isNotDone();
            CommandResult r = run.join();
            assertThat(r.exitStatus()).isEqualTo(7);
            assertThat(r.stdout()).isEqualTo("a\nb\n");
            assertThat(r.stderr()).isEqualTo("oops\n");
            assertThat(seen).startsWith("STDOUT:a").contains("STDOUT:b", "STDERR:oops");
        }
    }

    @Order(6)
    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void uploadAtomicSetsOwnerGroupAndMode(String suite) {
        LabDroplet d = droplet(suite);
        onDroplet(d, "mkdir -p /srv/mailwright-lab");
        try (SshRemoteHost host = asRoot(d)) {
            host.uploadAtomic("/srv/mailwright-lab/table", "a b\n".getBytes(StandardCharsets.UTF_8), 0640, "nobody", "nogroup");
            assertThat(onDroplet(d, "stat -c '%a %U %G' /srv/mailwright-lab/table")).isEqualTo("640 nobody nogroup\n");
            assertThat(onDroplet(d, "cat /srv/mailwright-lab/table")).isEqualTo("a b\n");
            assertThat(onDroplet(d, "ls -a /srv/mailwright-lab /root")).doesNotContain("mailwright-tmp").doesNotContain(".mailwright-upload-");
            assertThat(host.read("/srv/mailwright-lab/missing")).isEmpty();
        }
    }

    @Order(7)
    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void backupKeepsContentAndMode(String suite) {
        LabDroplet d = droplet(suite);
        onDroplet(d, "mkdir -p /srv/mailwright-lab && printf 'keep me\\n' > /srv/mailwright-lab/conf && chmod 0604 /srv/mailwright-lab/conf");
        try (SshRemoteHost host = asRoot(d)) {
            String copy = host.backup("/srv/mailwright-lab/conf").orElseThrow();
            assertThat(copy).startsWith("/srv/mailwright-lab/conf.mailwright-");
            assertThat(onDroplet(d, "cmp /srv/mailwright-lab/conf '" + copy + "' && stat -c %a '" + copy + "'")).isEqualTo("604\n");
            assertThat(host.backup("/srv/mailwright-lab/none")).isEmpty();
        }
    }

    @Order(8)
    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void killedSessionIsReportedAsConnectionLostAndReconnectWorks(String suite) throws Exception {
        LabDroplet d = droplet(suite);
        try (SshRemoteHost host = asRoot(d)) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<CommandResult> run = CompletableFuture.supplyAsync(() -> host.exec(
                    Command.script("echo started; sleep 60"), (s, l) -> started.countDown(), Duration.ofMinutes(2), Cancel.NEVER));
            assertThat(started.await(10, TimeUnit.SECONDS)).isTrue();
            // the droplet's own sshd process serving our connection ("sshd: root@notty"; "sshd-session: ..." on newer OpenSSH)
            d.exec("pkill", "-f", "sshd[-a-z]*: root@notty");
            assertThatThrownBy(run::join).cause()
                    .isInstanceOf(ConnectionLostException.class)
                    .hasMessageContaining("dropped while running `echo started; sleep 60`")
                    .hasMessageContaining("Reconnect and run again");
            host.reconnect();
            assertThat(host.exec(Command.of("echo", "back")).orThrow().stdout()).isEqualTo("back\n");
        }
    }

    @Order(100)
    @ParameterizedTest
    @MethodSource(LabDroplet.SUITES)
    void changedHostKeyIsRefused(String suite) {
        LabDroplet d = droplet(suite);
        asRoot(d).close(); // pins the current key into this test's known_hosts
        onDroplet(d, "rm -f /etc/ssh/ssh_host_*; ssh-keygen -A; systemctl restart ssh");
        assertThatThrownBy(() -> asRoot(d))
                .isInstanceOf(HostKeyChangedException.class)
                .hasMessageContaining(d.hostKeySha256())
                .hasMessageContaining("could be an attack");
    }
}
