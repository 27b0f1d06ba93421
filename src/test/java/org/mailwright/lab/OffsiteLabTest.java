package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.mail.Session;
import java.nio.file.Files;
import java.time.Duration;
import java.util.Optional;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.mailwright.lab.LabMailServer.Installed;

/**
 * The offsite copy and a restore from it (issue 15), on a real Debian 13 droplet, with restic's real {@code sftp:}
 * backend over OpenSSH. The droplets reach no other machine, so the offsite repository is on the droplet itself,
 * reached through its own sshd ({@code sftp:root@localhost:/srv/offsite}): everything restic and Mailwright do is what
 * they would do with another host, only the packets stay on the machine.
 *
 * <p>Proves: {@code backup.offsite} makes every snapshot also go to the offsite repository ({@code restic copy}), which
 * {@code check} reports; an offsite host that cannot be reached fails the backup loudly (the local snapshot is kept) and
 * {@code check} warns; and when both the mail and the server's own repository are gone, {@code restore --from URL}
 * makes the server's repository again from the offsite one and puts the mail back, readable over IMAP.
 */
@LabTest
class OffsiteLabTest {
    static final String PASSWORD = "Offsite-lab-pw-3";
    static final String OFFSITE = "sftp:root@localhost:/srv/offsite";
    /** The same host on a port nothing listens on. */
    static final String UNREACHABLE = "sftp://root@localhost:2299//srv/offsite";
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwo-", PASSWORD).requireApplied().rememberFailure();

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    @Test
    void snapshotsGoOffsiteAndARestoreFromThereBringsTheMailBack() throws Exception {
        // on Debian 13 only, so in CI's Debian 13 lane only: it ran in both lanes on the same droplet name, and one
        // lane's boot took down the other's droplet in the middle of its restore
        Assumptions.assumeTrue(LabDroplet.suites().anyMatch("trixie"::equals), "runs on Debian 13: include trixie in -Dlab.suites");
        Installed s = SERVERS.get("trixie");
        LabDroplet d = s.droplet();
        // root may log in to itself with a key, and knows its own host key: what an sftp: offsite needs on any host
        assertThat(d.exec("sh", "-c", "mkdir -p -m 0700 /root/.ssh && ssh-keygen -q -t ed25519 -N '' -f /root/.ssh/id_ed25519 >/dev/null 2>&1;"
                + " cat /root/.ssh/id_ed25519.pub >> /root/.ssh/authorized_keys && ssh-keyscan -t ed25519 localhost >> /root/.ssh/known_hosts 2>/dev/null"
                + " && mkdir -p /srv/offsite").exitCode()).isZero();
        Files.writeString(s.spec(), Files.readString(s.spec()) + "backup:   { offsite: \"" + OFFSITE + "\" }\n");

        Session smtp = LabMailServer.session(d, 587);
        String subject = "kept offsite " + System.nanoTime();
        LabMailServer.send(d, smtp, LabMailServer.USER, PASSWORD, LabMailServer.USER, subject, "this message must survive the loss of the server");
        assertThat(LabMailServer.awaitInInbox(d, smtp, LabMailServer.USER, PASSWORD, subject, 40, Duration.ofMillis(500))).isPresent();

        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "backup", s.spec().toString(), "--known-hosts", s.knownHosts().toString());
        assertThat(exit).as(out[0]).isZero();
        assertThat(out[0]).contains("copied offsite");
        String status = d.exec("cat", "/var/lib/mailwright/backup-status").output();
        assertThat(status).contains("offsite=ok");
        String offsiteSnapshots = d.exec("sh", "-c", "restic -r " + OFFSITE + " --password-file /etc/mailwright/backup/password snapshots --json").output();
        String snapshot = status.lines().filter(l -> l.startsWith("snapshot=")).findFirst().orElseThrow().substring("snapshot=".length());
        assertThat(offsiteSnapshots).as("the snapshot just made is in the offsite repository").contains(snapshot.substring(0, 8));

        // an offsite host that cannot be reached (nothing listens on that port): the snapshot is kept, backup and check say so
        String spec = Files.readString(s.spec());
        Files.writeString(s.spec(), spec.replace(OFFSITE, UNREACHABLE));
        String[] unreachable = new String[1];
        exit = LabMailServer.cli(unreachable, null, "backup", s.spec().toString(), "--known-hosts", s.knownHosts().toString());
        assertThat(exit).as(unreachable[0]).isEqualTo(1);
        assertThat(unreachable[0]).containsPattern("snapshot [0-9a-f]{8} was made, but the offsite copy failed: ");
        String[] check = new String[1];
        LabMailServer.cli(check, null, "check", s.spec().toString(), "--known-hosts", s.knownHosts().toString(), "--no-internet-checks",
                "--dns-server", d.gateway());
        assertThat(check[0]).containsPattern("WARN  Backups: last backup just now, .*; the offsite copy failed: ");
        Files.writeString(s.spec(), spec);

        // the server loses its mail and its own repository; only the offsite copy and the recovery sheet's password remain
        String backupPassword = d.exec("cat", "/etc/mailwright/backup/password").output().strip();
        assertThat(d.exec("sh", "-c", "rm -rf /var/backups/mailwright /var/vmail/example.com").exitCode()).isZero();
        assertThat(LabMailServer.awaitInInbox(d, smtp, LabMailServer.USER, PASSWORD, subject, 1, Duration.ZERO)).isEmpty();

        String[] restored = new String[1];
        exit = LabMailServer.cli(restored, backupPassword + "\n", "restore", s.spec().toString(), "--from", OFFSITE, "--password-stdin",
                "--known-hosts", s.knownHosts().toString(), "--no-internet-checks", "--dns-server", d.gateway());
        assertThat(exit).as(restored[0]).isZero();
        assertThat(restored[0]).contains("copying the snapshots from " + OFFSITE);
        Optional<String> back = LabMailServer.awaitInInbox(d, smtp, LabMailServer.USER, PASSWORD, subject, 40, Duration.ofMillis(500));
        assertThat(back).as("the message came back from the offsite repository").isPresent();
        assertThat(d.exec("test", "-f", "/var/backups/mailwright/config").exitCode()).as("the server has a repository again").isZero();
    }

}
