package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;
import org.mailwright.remote.Auth;
import org.mailwright.remote.Command;
import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;

/**
 * Mailwright on a server someone already worked on, one droplet per release: before Mailwright first connects, sshd
 * is moved to port 2222 only, and opensmtpd and dovecot-imapd are installed by hand with hand-edited configs. apply
 * must connect on 2222, keep 2222 reachable through ufw without opening 22, show the hand edits in the plan, and keep
 * them in backups byte for byte; the same again for edits made after Mailwright's first apply. The methods run in
 * order because each continues from the server the one before left.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class ExistingServerLabTest {
    static final int SSH_PORT = 2222;
    static final String PASSWORD = "Existing-Lab-Pw-7";
    static final String USER = LabMailServer.USER;
    static final String SMTPD = "/etc/smtpd.conf";
    static final String DOVECOT = "/etc/dovecot/dovecot.conf";
    /** Lines only the person wrote: the plan must show them going, the backups must keep them. */
    static final String SMTPD_TWEAK = "# my own tweak: take mail from outside too";
    static final String DOVECOT_TWEAK = "# my own tweak: a friendlier greeting";

    /** What the person's server looked like before Mailwright's first apply, per suite. */
    record Before(String plan, int planExit) {
    }

    private static final Map<String, Before> BEFORE = new ConcurrentHashMap<>();
    /** A server that could not be set up fails every later method at once instead of being booted again. */
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwp-", PASSWORD).rememberFailure().bare()
            .before(SSH_PORT, (d, spec, knownHosts) -> {
                moveSshTo2222(d);
                installAndEditByHand(d);
                String[] out = new String[1];
                int exit = LabMailServer.cli(out, null, "plan", spec.toString(), "--accept-host-key", d.hostKeySha256(),
                        "--known-hosts", knownHosts.toString(), "--dns-server", d.gateway(), "--no-internet-checks");
                BEFORE.put(d.suite(), new Before(out[0], exit));
            });

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    private static String onDroplet(LabDroplet d, String script) {
        var r = d.exec("sh", "-c", script);
        assertThat(r.exitCode()).as("droplet: %s -> %s %s", script, r.output(), r.errors()).isZero();
        return r.output();
    }

    /**
     * sshd on 2222 only, the way Debian documents it for either way sshd is started: a Port drop-in for ssh.service, a
     * ListenStream override for socket activation (ssh.socket does not read sshd_config; Debian ships no generator).
     */
    static void moveSshTo2222(LabDroplet d) {
        String unit = onDroplet(d, """
                set -e
                printf '# moved off 22 by hand, before Mailwright\\nPort %1$d\\n' > /etc/ssh/sshd_config.d/10-port.conf
                if systemctl is-enabled --quiet ssh.socket; then
                    mkdir -p /etc/systemd/system/ssh.socket.d
                    printf '[Socket]\\nListenStream=\\nListenStream=%1$d\\n' > /etc/systemd/system/ssh.socket.d/listen.conf
                    systemctl daemon-reload
                    systemctl restart ssh.socket
                    echo ssh.socket
                else
                    systemctl restart ssh.service
                    echo ssh.service
                fi
                for i in $(seq 50); do ss -Htln 'sport = :%1$d' | grep -q . && break; sleep 0.2; done
                """.formatted(SSH_PORT)).strip();
        String ss = onDroplet(d, "ss -Htlnp");
        System.err.println("[" + d.name() + "] sshd moved to " + SSH_PORT + " via " + unit + "; ss -Htlnp:\n" + ss);
        assertThat(onDroplet(d, "ss -Htln 'sport = :" + SSH_PORT + "'")).as(ss).isNotBlank();
        assertThat(onDroplet(d, "ss -Htln 'sport = :22'")).as("nothing listens on 22 any more: " + ss).isBlank();
    }

    /**
     * What someone who tried first leaves behind: the packages from their own release (on Debian 12 that is the
     * opensmtpd 6.8 apply replaces from backports), a changed setting and a comment in both configs, services running
     * with them. Copies go to /root/hand so the backups can be compared with exactly what the person had.
     */
    static void installAndEditByHand(LabDroplet d) {
        onDroplet(d, """
                set -e
                export DEBIAN_FRONTEND=noninteractive
                apt-get update -q >/dev/null
                apt-get install -y -q opensmtpd dovecot-imapd >/dev/null
                sed -i 's/^listen on localhost$/listen on eth0/' %1$s
                grep -q '^listen on eth0$' %1$s
                printf '%3$s\\n' >> %1$s
                printf '\\n%4$s\\nlogin_greeting = Hand-made IMAP ready.\\n' >> %2$s
                smtpd -n >/dev/null
                doveconf -n >/dev/null
                systemctl restart opensmtpd dovecot
                systemctl is-active opensmtpd dovecot
                mkdir -p /root/hand
                cp -p %1$s /root/hand/smtpd.conf
                cp -p %2$s /root/hand/dovecot.conf
                """.formatted(SMTPD, DOVECOT, SMTPD_TWEAK, DOVECOT_TWEAK));
    }

    /** The copies this transcript says were made of {@code path}, oldest first. */
    static List<String> backupsIn(String transcript, String path) {
        Matcher m = Pattern.compile("backed up " + Pattern.quote(path) + " to (\\S+)").matcher(transcript);
        return m.results().map(r -> r.group(1)).toList();
    }

    private static String apply(Installed i, Path transcript) {
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "apply", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks", "--transcript", transcript.toString());
        assertThat(exit).as(out[0]).isZero();
        return out[0];
    }

    private static String plan(Installed i) {
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "plan", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                "--dns-server", i.droplet().gateway(), "--no-internet-checks");
        assertThat(exit).as(out[0]).isZero();
        return out[0];
    }

    private static boolean reachable(String host, int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress(host, port), 3000);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void applyConnectsOnPort2222AndSucceeds(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        assertThat(i.firstExit()).as(i.firstRun()).isZero();
        assertThat(i.firstRun()).contains("Connected to root@" + i.droplet().host() + ":" + SSH_PORT)
                .contains("sshd listens on [" + SSH_PORT + "]").doesNotContain("ERROR");
    }

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void firewallKeeps2222OpenAndOpensNo22(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        String ufw = onDroplet(d, "ufw status");
        System.err.println("[" + d.name() + "] ufw status after apply:\n" + ufw + "ss -Htlnp:\n" + onDroplet(d, "ss -Htlnp"));
        assertThat(ufw).contains("Status: active").containsPattern("(?m)^" + SSH_PORT + "/tcp +ALLOW +Anywhere *$");
        assertThat(ufw).as("no rule for a port sshd does not use").doesNotContainPattern("(?m)^22(/tcp)?\\s").doesNotContain("OpenSSH");
        assertThat(onDroplet(d, "ss -Htln 'sport = :22'")).as("sshd still not on 22").isBlank();
        assertThat(Files.readString(i.transcript())).contains("ufw allow " + SSH_PORT + "/tcp").doesNotContain("ufw allow 22/");
        // a new session after the firewall came up, as the person's next login would be
        try (SshRemoteHost host = SshRemoteHost.connect(new SshTarget(d.host(), SSH_PORT, "root", Auth.keyFile(d.sshKey())),
                new HostKeyStore(i.knownHosts()), HostKeyPrompt.rejectUnknown())) {
            assertThat(host.exec(Command.of("id", "-u")).orThrow().stdout()).isEqualTo("0\n");
        }
        assertThat(reachable(d.host(), 22)).as("port 22 from outside").isFalse();
    }

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void handWrittenConfigsFromBeforeShowInThePlanAndAreBackedUpVerbatim(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        Before before = BEFORE.get(suite);
        assertThat(before.planExit()).as(before.plan()).isZero();
        assertThat(before.plan()).containsPattern("(?m)^\\s+-" + Pattern.quote(SMTPD_TWEAK) + "$")
                .containsPattern("(?m)^\\s+-listen on eth0$")
                .containsPattern("(?m)^\\s+-" + Pattern.quote(DOVECOT_TWEAK) + "$")
                .containsPattern("(?m)^\\s+-login_greeting = Hand-made IMAP ready\\.$");
        String transcript = Files.readString(i.transcript());
        assertOnlyMailwrightsNowAndTheBackupIsExactly(d, i.firstRun(), backupsIn(transcript, SMTPD), SMTPD, "/root/hand/smtpd.conf");
        assertOnlyMailwrightsNowAndTheBackupIsExactly(d, i.firstRun(), backupsIn(transcript, DOVECOT), DOVECOT, "/root/hand/dovecot.conf");
    }

    private static void assertOnlyMailwrightsNowAndTheBackupIsExactly(LabDroplet d, String applyOutput, List<String> backups, String live,
                                                                     String original) {
        System.err.println("[" + d.name() + "] backups of " + live + ": " + backups);
        assertThat(backups).as("backups of " + live).isNotEmpty();
        String first = backups.get(0);
        assertThat(first).matches(Pattern.quote(live) + "\\.mailwright-\\d{8}-\\d{6}(-\\d+)?");
        assertThat(applyOutput).contains("kept the previous " + live + " as " + first);
        onDroplet(d, "cmp -- '" + original + "' '" + first + "'");
        assertThat(onDroplet(d, "cat -- '" + live + "'")).contains("Mailwright").doesNotContain("my own tweak");
    }

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void secondApplyChangesNothing(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        String out = apply(i, i.spec().resolveSibling("apply-2.log"));
        assertThat(out).contains("Nothing to change").doesNotContain("      - ");
    }

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void handEditsAfterApplyShowInThePlanAreBackedUpAndMailStillFlows(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        onDroplet(d, """
                set -e
                mkdir -p /root/mailwright /root/edited
                cp -p %1$s /root/mailwright/smtpd.conf
                cp -p %2$s /root/mailwright/dovecot.conf
                printf '# tweaked again after Mailwright\\n' >> %1$s
                printf '# tweaked again after Mailwright\\nlogin_greeting = Tweaked again.\\n' >> %2$s
                smtpd -n >/dev/null
                doveconf -n >/dev/null
                cp -p %1$s /root/edited/smtpd.conf
                cp -p %2$s /root/edited/dovecot.conf
                """.formatted(SMTPD, DOVECOT));
        String plan = plan(i);
        assertThat(plan).containsPattern("(?m)^\\s+- update " + Pattern.quote(SMTPD) + " ")
                .containsPattern("(?m)^\\s+- update " + Pattern.quote(DOVECOT) + " ")
                .containsPattern("(?m)^\\s+-# tweaked again after Mailwright$")
                .containsPattern("(?m)^\\s+-login_greeting = Tweaked again\\.$");

        Path log = i.spec().resolveSibling("apply-3.log");
        String out = apply(i, log);
        String transcript = Files.readString(log);
        for (String[] f : new String[][] {{SMTPD, "smtpd.conf"}, {DOVECOT, "dovecot.conf"}}) {
            List<String> backups = backupsIn(transcript, f[0]);
            System.err.println("[" + d.name() + "] backups of " + f[0] + " after the hand edit: " + backups);
            assertThat(backups).as("backups of " + f[0]).hasSize(1);
            assertThat(out).contains("kept the previous " + f[0] + " as " + backups.get(0));
            onDroplet(d, "cmp -- /root/edited/" + f[1] + " '" + backups.get(0) + "'");
            onDroplet(d, "cmp -- /root/mailwright/" + f[1] + " " + f[0]);
        }
        assertThat(onDroplet(d, "systemctl is-active opensmtpd dovecot rspamd").lines()).containsOnly("active");

        String subject = "after the hand edits " + UUID.randomUUID();
        Session s = LabMailServer.session(d, 587);
        LabMailServer.send(d, s, USER, PASSWORD, USER, subject, "hello from the existing-server lab test");
        assertThat(LabMailServer.awaitInInbox(d, s, USER, PASSWORD, subject, 40, Duration.ofMillis(500)))
                .as("the message sent on 587 is in the INBOX over IMAPS").isPresent();
    }
}
