package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.UIDFolder;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mailwright.lab.LabMailServer.Installed;

/**
 * {@code mailwright upgrade} for real: a Debian 12 droplet set up by Mailwright, with mail in it (one message seen, one
 * flagged) and a second mailbox added from the command line, is upgraded in place to Debian 13. Afterwards it runs
 * Debian 13 and Dovecot 2.4, both passwords still log in, every message is there with the same UIDVALIDITY, UIDs, flags
 * and bytes, new mail is delivered, and {@code check} is green.
 *
 * <p>A release case: it takes 10-20 minutes (every package of the droplet is upgraded through the lab's apt proxy),
 * so it runs only with {@code -Dlab.release=true}: {@code sudo mvn -B -Plab test -Dtest=UpgradeLabTest
 * -Dlab.release=true -Dlab.suites=bookworm}.
 */
@LabTest
class UpgradeLabTest {
    static final String PASSWORD = "Upgrade-Lab-p4ss'\"$";
    static final String SECOND = "jane@example.com";
    static final String SECOND_PASSWORD = "Second-Lab-pass-42";

    /** One message as IMAP shows it: what must survive the upgrade unchanged. */
    record Seen(long uid, String flags, int bytes) {
    }

    @Test
    void debian12BecomesDebian13WithTheSameMailPasswordsAndUids() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("lab.release"),
                "a release lab case (10-20 min): run with -Dlab.release=true (sudo mvn -B -Plab test -Dtest=UpgradeLabTest -Dlab.release=true -Dlab.suites=bookworm)");
        Assumptions.assumeTrue(LabDroplet.suites().anyMatch("bookworm"::equals), "upgrades start from Debian 12: include bookworm in -Dlab.suites");
        Installed i = LabMailServer.install("bookworm", "mwup-bookworm", PASSWORD);
        try {
            LabDroplet d = i.droplet();
            assertThat(i.firstExit()).as(i.firstRun()).isZero();
            i.manage(SECOND_PASSWORD + "\n", "users", "add", SECOND, "--password-stdin");
            Session s = LabMailServer.session(d, 587);
            LabMailServer.send(d, s, LabMailServer.USER, PASSWORD, LabMailServer.USER, "before-1", "the first message, to be read");
            LabMailServer.send(d, s, LabMailServer.USER, PASSWORD, LabMailServer.USER, "before-2", "the second message, to be flagged");
            assertThat(LabMailServer.awaitInInbox(d, s, LabMailServer.USER, PASSWORD, "before-2", 40, Duration.ofMillis(500))).isPresent();
            assertThat(LabMailServer.awaitInInbox(d, s, LabMailServer.USER, PASSWORD, "before-1", 40, Duration.ofMillis(500))).isPresent();
            markFlags(d, s);
            long validity = uidValidity(d, s);
            Map<String, Seen> before = inbox(d, s);
            assertThat(before).hasSize(2);
            assertThat(before.get("before-1").flags()).contains("seen");
            assertThat(before.get("before-2").flags()).contains("flagged");

            Instant start = Instant.now();
            String[] out = new String[1];
            int exit = LabMailServer.cli(out, null, "upgrade", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                    "--dns-server", d.gateway(), "--no-internet-checks", "--transcript", i.spec().resolveSibling("upgrade.log").toString());
            Duration took = Duration.between(start, Instant.now());
            System.err.println("upgrade took " + took.toSeconds() + " s");

            assertThat(exit).as(out[0]).isZero();
            assertThat(d.exec("sh", "-c", ". /etc/os-release; echo $VERSION_ID").output().strip()).isEqualTo("13");
            assertThat(d.exec("dovecot", "--version").output().strip()).startsWith("2.4");
            assertThat(d.exec("sh", "-c", "test ! -e /usr/sbin/policy-rc.d && echo gone").output().strip()).isEqualTo("gone");
            // Debian 13's transitional opensmtpd-extras would have pulled in every table backend: only the passwd one is there
            String smtpdPackages = d.exec("sh", "-c", "dpkg-query -W -f '${Package} ${db:Status-Abbrev}\\n' 'opensmtpd*' | awk '$2 == \"ii\" {print $1}'")
                    .output();
            assertThat(smtpdPackages).contains("opensmtpd-table-passwd").doesNotContain("opensmtpd-extras").doesNotContain("opensmtpd-table-mysql");
            LabMailServer.imapLogin(d, SECOND, SECOND_PASSWORD);
            assertThat(uidValidity(d, s)).isEqualTo(validity);
            assertThat(inbox(d, s)).isEqualTo(before);

            LabMailServer.send(d, s, LabMailServer.USER, PASSWORD, LabMailServer.USER, "after", "the first message on Debian 13");
            assertThat(LabMailServer.awaitInInbox(d, s, LabMailServer.USER, PASSWORD, "after", 40, Duration.ofMillis(500))).isPresent();

            String[] check = new String[1];
            int checked = LabMailServer.cli(check, null, "check", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                    "--dns-server", d.gateway(), "--no-internet-checks");
            assertThat(checked).as(check[0]).isZero();

            // a second run finds nothing left to upgrade and changes nothing of the packages
            String[] again = new String[1];
            int second = LabMailServer.cli(again, null, "upgrade", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                    "--dns-server", d.gateway(), "--no-internet-checks");
            assertThat(second).as(again[0]).isZero();
            assertThat(again[0]).contains("already Debian 13").doesNotContain("apt-get full-upgrade");
        } finally {
            i.droplet().close();
        }
    }

    /**
     * The connection cut (and apt-get and dpkg killed, as a hang-up would) while {@code apt-get full-upgrade} unpacks:
     * the run says where it stopped, how to go on and which snapshot to restore; the next run removes the policy-rc.d
     * left behind, finishes dpkg, upgrades the rest and ends green, with the mail as it was.
     */
    @Test
    void aCutDuringTheFullUpgradeIsFinishedByTheNextRun() throws Exception {
        Assumptions.assumeTrue(Boolean.getBoolean("lab.release"),
                "a release lab case (10-20 min): run with -Dlab.release=true (sudo mvn -B -Plab test -Dtest=UpgradeLabTest -Dlab.release=true -Dlab.suites=bookworm)");
        Assumptions.assumeTrue(LabDroplet.suites().anyMatch("bookworm"::equals), "upgrades start from Debian 12: include bookworm in -Dlab.suites");
        Installed i = LabMailServer.install("bookworm", "mwup-cut", PASSWORD);
        try {
            LabDroplet d = i.droplet();
            assertThat(i.firstExit()).as(i.firstRun()).isZero();
            Session s = LabMailServer.session(d, 587);
            LabMailServer.send(d, s, LabMailServer.USER, PASSWORD, LabMailServer.USER, "before-cut", "mail from before the cut");
            assertThat(LabMailServer.awaitInInbox(d, s, LabMailServer.USER, PASSWORD, "before-cut", 40, Duration.ofMillis(500))).isPresent();
            long validity = uidValidity(d, s);
            Map<String, Seen> before = inbox(d, s);

            String[] out = new String[1];
            CompletableFuture<Integer> first = CompletableFuture.supplyAsync(() -> LabMailServer.cli(out, null, "upgrade", i.spec().toString(),
                    "--known-hosts", i.knownHosts().toString(), "--dns-server", d.gateway(), "--no-internet-checks"));
            Instant until = Instant.now().plus(Duration.ofMinutes(15));
            while (!(d.exec("pgrep", "-f", "apt-get .*full-upgrade").ok() && d.exec("pgrep", "-x", "dpkg").ok())) {
                assertThat(first).as("the upgrade ended before its full-upgrade's dpkg was seen").isNotDone();
                assertThat(Instant.now()).as("dpkg of the full-upgrade never seen").isBefore(until);
                Thread.sleep(300);
            }
            d.exec("sh", "-c", FaultsLabTest.CUT + "; pkill -KILL -x apt-get; pkill -KILL -x dpkg; true");
            int exit = first.get(5, TimeUnit.MINUTES);
            assertThat(exit).as(out[0]).isEqualTo(1);
            assertThat(out[0]).contains("The upgrade stopped while apt-get upgrade / full-upgrade")
                    .contains("Run `mailwright upgrade SPEC` again: it goes on where it stopped").contains("--snapshot ");
            String left = d.exec("sh", "-c", "dpkg --audit; ls -A /var/lib/dpkg/updates; ls /usr/sbin/policy-rc.d 2>/dev/null; true").output();
            System.err.println("[upgrade] after the cut, dpkg --audit, updates/ and policy-rc.d:\n" + left);

            String[] again = new String[1];
            Instant start = Instant.now();
            int second = LabMailServer.cli(again, null, "upgrade", i.spec().toString(), "--known-hosts", i.knownHosts().toString(),
                    "--dns-server", d.gateway(), "--no-internet-checks");
            System.err.println("[upgrade] the run after the cut took " + Duration.between(start, Instant.now()).toSeconds() + " s");
            assertThat(second).as(again[0]).isZero();
            assertThat(again[0]).contains("an upgrade to Debian 13 began in an earlier run").contains("skipped: the upgrade began in an earlier run");
            if (left.contains("policy-rc.d")) {
                assertThat(again[0]).contains(FullUpgradeWords.LEFTOVER);
            }
            assertThat(d.exec("sh", "-c", ". /etc/os-release; echo $VERSION_ID").output().strip()).isEqualTo("13");
            assertThat(d.exec("sh", "-c", "dpkg --audit; ls -A /var/lib/dpkg/updates; ls /usr/sbin/policy-rc.d 2>/dev/null; true").output()).isBlank();
            assertThat(d.exec("dovecot", "--version").output().strip()).startsWith("2.4");
            assertThat(uidValidity(d, s)).isEqualTo(validity);
            assertThat(inbox(d, s)).isEqualTo(before);
        } finally {
            i.droplet().close();
        }
    }

    /** The plan's words for a leftover policy-rc.d (FullUpgrade.LEFTOVER is package-private in the engine). */
    static final class FullUpgradeWords {
        static final String LEFTOVER = "remove the policy-rc.d an interrupted upgrade left behind";
    }

    private static void markFlags(LabDroplet d, Session s) throws Exception {
        try (Store store = s.getStore("imaps")) {
            store.connect(d.host(), LabMailServer.USER, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_WRITE);
            for (Message m : inbox.getMessages()) {
                m.setFlag("before-1".equals(m.getSubject()) ? Flags.Flag.SEEN : Flags.Flag.FLAGGED, true);
                if ("before-2".equals(m.getSubject())) {
                    m.setFlag(Flags.Flag.SEEN, false);
                }
            }
            inbox.close(false);
        }
    }

    private static long uidValidity(LabDroplet d, Session s) throws Exception {
        try (Store store = s.getStore("imaps")) {
            store.connect(d.host(), LabMailServer.USER, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            return ((UIDFolder) inbox).getUIDValidity();
        }
    }

    /** Subject -> UID, flags and size in bytes, for the messages whose subject starts with "before". */
    private static Map<String, Seen> inbox(LabDroplet d, Session s) throws Exception {
        Map<String, Seen> out = new LinkedHashMap<>();
        try (Store store = s.getStore("imaps")) {
            store.connect(d.host(), LabMailServer.USER, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message m : inbox.getMessages()) {
                if (m.getSubject() != null && m.getSubject().startsWith("before")) {
                    ByteArrayOutputStream raw = new ByteArrayOutputStream();
                    m.writeTo(raw);
                    Flags f = m.getFlags();
                    String flags = (f.contains(Flags.Flag.SEEN) ? "seen " : "") + (f.contains(Flags.Flag.FLAGGED) ? "flagged" : "");
                    out.put(m.getSubject(), new Seen(((UIDFolder) inbox).getUID(m), flags.strip(), raw.size()));
                }
            }
        }
        return out;
    }
}
