package org.mailwright.engine.status;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;

/**
 * The server's own checks, run here with this machine's sh, df, ss and awk: the backup verdict on status files
 * written by the test, every part's lines, and the alert mail that goes out only when a result changes (sendmail
 * replaced by a script that keeps what it was given).
 */
class StatusScriptTest {
    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");
    static final String SCRIPT = StatusScript.script("mail.example.com", "postmaster@example.com", "/nonexistent/fullchain.pem",
            "/nonexistent/stand-in.pem", true);

    @TempDir
    Path dir;

    record Run(int exit, String out, String err) {
    }

    Run run(Map<String, String> env, String... args) throws IOException, InterruptedException {
        Path script = dir.resolve("mailwright-status");
        Files.writeString(script, SCRIPT);
        List<String> command = new java.util.ArrayList<>(List.of("sh", script.toString()));
        command.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(command);
        pb.environment().put("MAILWRIGHT_NOW", String.valueOf(NOW.getEpochSecond()));
        pb.environment().put("MAILWRIGHT_BACKUP_STATUS", dir.resolve("backup-status").toString());
        pb.environment().put("MAILWRIGHT_STATUS_STATE", dir.resolve("status-last").toString());
        pb.environment().putAll(env);
        Path out = dir.resolve("out");
        Path err = dir.resolve("err");
        Process p = pb.redirectOutput(out.toFile()).redirectError(err.toFile()).start();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), Files.readString(out), Files.readString(err));
    }

    Finding backup(String statusFile) throws Exception {
        Files.writeString(dir.resolve("backup-status"), statusFile);
        Run r = run(Map.of(), "--only", "backup");
        List<StatusCheck> checks = StatusScript.parse(r.out());
        assertThat(checks).as(r.out() + r.err()).hasSize(1);
        assertThat(checks.get(0).id()).isEqualTo("backup");
        return checks.get(0).finding();
    }

    static long ago(Duration d) {
        return NOW.minus(d).getEpochSecond();
    }

    @Test
    void theScriptIsValidPosixShell() throws Exception {
        Files.writeString(dir.resolve("s"), SCRIPT);
        Process p = new ProcessBuilder("sh", "-n", dir.resolve("s").toString()).redirectErrorStream(true).start();
        String said = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(said).isZero();
    }

    @Test
    void aRecentVerifiedSnapshotIsOkWithItsAgeAndSize() throws Exception {
        Finding f = backup("last_ok=" + ago(Duration.ofHours(20)) + "\nattempt=1\nresult=ok\nsnapshot=1a2b3c4d5e6f\nbytes=6500000\nverified=yes\n"
                + "snapshots=4\noffsite=none\n");
        assertThat(f).isEqualTo(Finding.ok("Backups", "last backup 20 h ago, 6.2 MiB, verified"));
    }

    @Test
    void threeDaysWithoutASnapshotIsAWarning() throws Exception {
        Finding f = backup("last_ok=" + ago(Duration.ofDays(3)) + "\nresult=ok\nbytes=1\nverified=yes\n");
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).isEqualTo("last backup 3 days ago, 1 B, verified: older than 3 days");
        assertThat(f.fix()).contains("systemctl status mailwright-backup.timer");
    }

    @Test
    void aFailedRunIsAWarningWhileARecentGoodOneExistsElseAnError() throws Exception {
        String failed = "attempt=" + NOW.getEpochSecond() + "\nresult=failed\nerror=restic backup: no space left on device\n";
        Finding recent = backup(failed + "last_ok=" + ago(Duration.ofHours(30)) + "\nbytes=10\nverified=yes\n");
        assertThat(recent.severity()).isEqualTo(Severity.WARN);
        assertThat(recent.message()).isEqualTo("the last backup failed: restic backup: no space left on device (last backup 30 h ago, 10 B, verified)");
        Finding never = backup(failed);
        assertThat(never.severity()).isEqualTo(Severity.ERROR);
        assertThat(never.message()).contains("no good backup yet");
    }

    @Test
    void noSnapshotYetIsAWarningNamingHowToMakeOne() throws Exception {
        Files.deleteIfExists(dir.resolve("backup-status"));
        Run r = run(Map.of(), "--only", "backup");
        Finding f = StatusScript.parse(r.out()).get(0).finding();
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).isEqualTo("no backup yet");
        assertThat(f.fix()).contains(StatusScript.BACKUP_NOW);
    }

    @Test
    void aFailedOffsiteCopyIsAWarning() throws Exception {
        Finding f = backup("last_ok=" + NOW.getEpochSecond() + "\nresult=ok\nbytes=1\nverified=yes\noffsite=failed: connection refused\n");
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).contains("offsite copy failed: connection refused");
    }

    @Test
    void everyPartSaysSomethingInSixFieldsAndUnknownPartsAreRefused() throws Exception {
        Run r = run(Map.of());
        List<StatusCheck> checks = StatusScript.parse(r.out());
        assertThat(r.out().lines().filter(l -> !l.isBlank())).as("every line parses").hasSize(checks.size());
        assertThat(checks).extracting(StatusCheck::id).contains("service.opensmtpd", "service.dovecot", "port.25", "port.993",
                "disk.vmail", "memory", "certificate", "backup", "updates.security", "reboot");
        // the certificate this test names does not exist: an ERROR that says where it looked
        assertThat(checks).filteredOn(c -> c.id().equals("certificate")).first()
                .satisfies(c -> assertThat(c.finding().message()).isEqualTo("no certificate at /nonexistent/fullchain.pem"));
        assertThat(checks).filteredOn(c -> c.severity() != Severity.OK).allSatisfy(c -> assertThat(c.finding().fix()).isNotBlank());
        Run bad = run(Map.of(), "--only", "backups");
        assertThat(bad.exit()).isEqualTo(2);
        assertThat(bad.err()).contains("unknown check backups");
    }

    @Test
    void theAlertMailsOnlyWhenAResultChangesAndSaysWhatWasFixed() throws Exception {
        Path sendmail = dir.resolve("sendmail");
        Path mails = dir.resolve("mails");
        Files.createDirectories(mails);
        Files.writeString(sendmail, "#!/bin/sh\nn=$(ls " + mails + " | wc -l)\n{ echo \"ARGS: $*\"; cat; } > " + mails + "/$n\n");
        sendmail.toFile().setExecutable(true);
        Map<String, String> env = new HashMap<>(Map.of("MAILWRIGHT_SENDMAIL", sendmail.toString()));

        // first run: no state yet, so every problem (here at least the missing certificate) is new
        run(env, "--alert");
        assertThat(Files.list(mails).count()).isEqualTo(1);
        String first = Files.readString(mails.resolve("0"));
        assertThat(first).contains("ARGS: -f postmaster@example.com postmaster@example.com", "To: postmaster@example.com",
                "Auto-Submitted: auto-generated", "New problems on mail.example.com:", "Certificate: no certificate at /nonexistent/fullchain.pem");
        assertThat(first).containsPattern("Subject: mail.example.com: \\d+ new problems?\n");

        // nothing changed: no mail
        run(env, "--alert");
        assertThat(Files.list(mails).count()).isEqualTo(1);

        // the state says memory was failing before: now it is OK, so a "fixed" mail goes out, still listing the open ones
        String state = Files.readString(dir.resolve("status-last"));
        assertThat(state).contains("certificate\tERROR");
        Files.writeString(dir.resolve("status-last"), state.replaceAll("(?m)^memory\tOK$", "memory\tWARN"));
        run(env, "--alert");
        assertThat(Files.list(mails).count()).isEqualTo(2);
        String second = Files.readString(mails.resolve("1"));
        assertThat(second).contains("Subject: mail.example.com: 1 fixed", "Fixed:\n\n  OK    Memory: ", "Still to fix:", "Certificate: no certificate");
        assertThat(second).doesNotContain("New problems");
    }

    @Test
    void mailWaitingOverADayInTheQueueIsAWarningNamingTheOldest() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        long now = NOW.getEpochSecond();
        // smtpctl show queue's fields as OpenSMTPD 7.6 prints them (smtpctl.c show_queue_envelope)
        String queue = "979ef3a68eec206b|local|mta|auth|admin@example.com|someone@unreachable.example.net|someone@unreachable.example.net|"
                + (now - 2 * 86400 - 60) + "|" + (now - 600) + "|" + (now - 600) + "|9|pending|299|Network error on destination MXs\n"
                + "7fb3b4bd1dc161df|local|mta|auth|@|admin@example.com|admin@example.com|" + (now - 300) + "|" + (now - 300) + "|0|1|pending|299|\n";
        Files.writeString(bin.resolve("smtpctl"), "#!/bin/sh\nprintf '" + queue + "'\n");
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\nexit 0\n");
        bin.resolve("smtpctl").toFile().setExecutable(true);
        bin.resolve("systemctl").toFile().setExecutable(true);
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        Finding f = StatusScript.parse(run(env, "--only", "queue").out()).get(0).finding();
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).isEqualTo("2 messages waiting; the oldest, to someone@unreachable.example.net, for 2 days (smtpd: Network error on destination MXs)");
        assertThat(f.fix()).contains(StatusScript.QUEUE_NOW);

        Files.writeString(bin.resolve("smtpctl"), "#!/bin/sh\nexit 0\n");
        assertThat(StatusScript.parse(run(env, "--only", "queue").out()).get(0).finding()).isEqualTo(Finding.ok("Mail queue", "empty"));
    }

    @Test
    void theProtectionCheckCountsTheBansAndNamesWhoIsNeverBanned() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // fail2ban-client's own output (1.0.2 and 1.1.0, beautifier.py): status, ignoreip, banip
        Files.writeString(bin.resolve("fail2ban-client"), """
                #!/bin/sh
                case "$1 $3" in
                  "status ") printf 'Status\\n|- Number of jail:\\t2\\n`- Jail list:\\tdovecot, mailwright-opensmtpd\\n' ;;
                  "get ignoreip") printf 'These IP addresses/networks are ignored:\\n|- 127.0.0.0/8\\n|- ::1\\n`- 198.51.100.23\\n' ;;
                  "get banip") [ "$2" = dovecot ] && echo '192.0.2.1 192.0.2.2' || echo '2001:db8::7' ;;
                esac
                """);
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\n[ \"$1\" = is-active ] && echo active\nexit 0\n");
        bin.resolve("fail2ban-client").toFile().setExecutable(true);
        bin.resolve("systemctl").toFile().setExecutable(true);
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        assertThat(StatusScript.parse(run(env, "--only", "protection").out()).get(0).finding())
                .isEqualTo(Finding.ok("Brute-force protection", "fail2ban is on; 3 bans now; never banned: 198.51.100.23"));

        // a jail that did not start is an error naming it
        Files.writeString(bin.resolve("fail2ban-client"), "#!/bin/sh\n[ \"$1\" = status ] && printf 'Status\\n`- Jail list:\\tdovecot\\n'\nexit 0\n");
        Finding missing = StatusScript.parse(run(env, "--only", "protection").out()).get(0).finding();
        assertThat(missing.severity()).isEqualTo(Severity.ERROR);
        assertThat(missing.message()).isEqualTo("fail2ban runs without the jail(s) mailwright-opensmtpd");

        // stopped
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\n[ \"$1\" = is-active ] && echo failed\nexit 3\n");
        Finding stopped = StatusScript.parse(run(env, "--only", "protection").out()).get(0).finding();
        assertThat(stopped.severity()).isEqualTo(Severity.ERROR);
        assertThat(stopped.message()).isEqualTo("fail2ban is not running (failed): passwords can be guessed without limit");
    }

    @Test
    void aMailboxNearOrAtItsQuotaIsNamedWithWhatItUses() throws Exception {
        Path bin = Files.createDirectories(dir.resolve("bin"));
        // doveadm -f tab quota get -A as Dovecot prints it: Username, Quota name, Type, Value, Limit, % (STORAGE in KiB)
        String quota = "Username\tQuota name\tType\tValue\tLimit\t%\n"
                + "full@example.com\tUser quota\tSTORAGE\t1024\t1024\t100\nfull@example.com\tUser quota\tMESSAGE\t40\t-\t0\n"
                + "near@example.org\tUser quota\tSTORAGE\t945\t1024\t92\n"
                + "fine@example.com\tUser quota\tSTORAGE\t10\t2097152\t0\n"
                + "nolimit@example.com\tUser quota\tSTORAGE\t99999\t-\t0\n";
        Files.writeString(bin.resolve("doveadm"), "#!/bin/sh\nprintf '" + quota.replace("%", "%%") + "'\n");
        Files.writeString(bin.resolve("systemctl"), "#!/bin/sh\nexit 0\n");
        bin.resolve("doveadm").toFile().setExecutable(true);
        bin.resolve("systemctl").toFile().setExecutable(true);
        Map<String, String> env = Map.of("PATH", bin + ":" + System.getenv("PATH"));
        var checks = StatusScript.parse(run(env, "--only", "quota").out());
        // one line with the worst level, so an alert says once what changed, however many mailboxes
        assertThat(checks).singleElement().satisfies(c -> {
            assertThat(c.id()).isEqualTo("quota");
            assertThat(c.finding().severity()).isEqualTo(Severity.ERROR);
            assertThat(c.finding().message()).isEqualTo("full, new mail refused until there is room (senders retry for a few days):"
                    + " full@example.com (1.0 MiB of 1.0 MiB, 100 %); nearly full: near@example.org (945.0 KiB of 1.0 MiB, 92 %)");
            assertThat(c.finding().fix()).contains("mailwright users quota full@example.com SIZE");
        });

        Files.writeString(bin.resolve("doveadm"), "#!/bin/sh\nprintf '" + quota.replace("%", "%%").replace("\tSTORAGE\t1024\t1024", "\tSTORAGE\t10\t1024") + "'\n");
        assertThat(StatusScript.parse(run(env, "--only", "quota").out()).get(0).finding())
                .isEqualTo(Finding.warn("Mailbox quotas", "nearly full: near@example.org (945.0 KiB of 1.0 MiB, 92 %)",
                        "The person deletes mail or empties Trash and Junk, or give more room: mailwright users quota near@example.org SIZE --server SPEC"));
        Files.writeString(bin.resolve("doveadm"), "#!/bin/sh\nprintf 'Username\\tQuota name\\tType\\tValue\\tLimit\\t%%\\n'\n");
        assertThat(StatusScript.parse(run(env, "--only", "quota").out()).get(0).finding())
                .isEqualTo(Finding.ok("Mailbox quotas", "0 mailboxes with a quota, all below 90 %"));
    }

    @Test
    void aReportTheMailSystemRefusedIsSentWithTheNextRunNotLost() throws Exception {
        Path mails = Files.createDirectories(dir.resolve("mails"));
        Path refusing = dir.resolve("refusing-sendmail");
        Files.writeString(refusing, "#!/bin/sh\ncat > /dev/null\necho '421 4.3.0 rspamd is not answering' >&2\nexit 75\n");
        refusing.toFile().setExecutable(true);
        Path accepting = dir.resolve("sendmail");
        Files.writeString(accepting, "#!/bin/sh\nn=$(ls " + mails + " | wc -l)\ncat > " + mails + "/$n\n");
        accepting.toFile().setExecutable(true);

        // the problems found now cannot be mailed: kept, and the results remembered all the same
        Run refused = run(Map.of("MAILWRIGHT_SENDMAIL", refusing.toString()), "--alert");
        assertThat(refused.exit()).isEqualTo(1);
        assertThat(refused.err()).contains("sendmail failed; the next run sends this report");
        assertThat(Files.readString(dir.resolve("status-last.unsent"))).contains("New problems on mail.example.com:", "Certificate: no certificate");

        // the next run finds nothing new, and still sends the kept report
        Run next = run(Map.of("MAILWRIGHT_SENDMAIL", accepting.toString()), "--alert");
        assertThat(next.exit()).isZero();
        String mail = Files.readString(mails.resolve("0"));
        assertThat(mail).contains("Subject: mail.example.com: a report that could not be sent",
                "Not sent earlier, because the mail system on the server refused it then:", "Certificate: no certificate");
        assertThat(dir.resolve("status-last.unsent")).doesNotExist();
        run(Map.of("MAILWRIGHT_SENDMAIL", accepting.toString()), "--alert");
        assertThat(Files.list(mails).count()).as("sent once").isEqualTo(1);
    }
}
