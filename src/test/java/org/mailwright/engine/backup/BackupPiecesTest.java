package org.mailwright.engine.backup;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.model.Severity;
import org.mailwright.model.ServerSpec.BackupSettings;
import org.mailwright.remote.FakeRemoteHost;

/** The backup's parts that need no server: the status file (its verdict is the status script's: StatusScriptTest), the repository file lists, the script's syntax. */
class BackupPiecesTest {
    static final Instant NOW = Instant.parse("2026-12-05T10:00:00Z");

    static BackupStatus status(String text) {
        return BackupStatus.parse(text);
    }

    @Test
    void theStatusFileIsReadKeyByKey() {
        var s = status("last_ok=" + NOW.minus(Duration.ofHours(20)).getEpochSecond() + "\nattempt=1\nresult=ok\nsnapshot=1a2b3c4d5e6f\n"
                + "bytes=6500000\nverified=yes\nsnapshots=4\noffsite=none\n");
        assertThat(s.lastSuccess()).contains(NOW.minus(Duration.ofHours(20)));
        assertThat(s.repositoryBytes()).isEqualTo(6500000);
        assertThat(s.verified()).isTrue();
        assertThat(s.shortSnapshot()).isEqualTo("1a2b3c4d");
        assertThat(s.snapshots()).isEqualTo(4);
    }





    @Test
    void onlyMissingOrShortFilesAreCopiedInAnOrderThatLeavesAReadableRepository() {
        Map<String, Long> from = new LinkedHashMap<>();
        from.put("snapshots/aa", 10L);
        from.put("index/bb", 20L);
        from.put("data/0c/cc", 30L);
        from.put("keys/dd", 40L);
        from.put("config", 50L);
        Map<String, Long> to = Map.of("data/0c/cc", 30L, "index/bb", 19L);
        assertThat(RepositoryFiles.missing(from, to)).containsOnlyKeys("snapshots/aa", "index/bb", "keys/dd", "config");
        assertThat(RepositoryFiles.bytes(from)).isEqualTo(150);
    }

    @Test
    void theServersListIsReadInResticsOrderAndStrangeNamesAreLeftOut() {
        FakeRemoteHost host = new FakeRemoteHost().on("cd " + BackupLayout.REPOSITORY, 0,
                "snapshots/aa\t10\nindex/bb\t20\ndata/0c/cc\t30\nkeys/dd\t40\nconfig\t50\n../etc/passwd\t5\ndata/0c/x y\t3\n");
        assertThat(RepositoryFiles.onServer(host, BackupLayout.REPOSITORY).keySet())
                .containsExactly("config", "keys/dd", "data/0c/cc", "index/bb", "snapshots/aa");
    }

    @Test
    void aLocalFolderListsItsResticFilesButNotPartsOrLocks(@TempDir Path dir) throws IOException {
        Files.createDirectories(dir.resolve("data/0c"));
        Files.createDirectories(dir.resolve("locks"));
        Files.writeString(dir.resolve("config"), "c");
        Files.writeString(dir.resolve("data/0c/0cab"), "12345");
        Files.writeString(dir.resolve("data/0c/0cff.part"), "12");
        Files.writeString(dir.resolve("locks/77"), "l");
        assertThat(RepositoryFiles.local(dir)).containsExactly(Map.entry("config", 1L), Map.entry("data/0c/0cab", 5L));
        assertThat(RepositoryFiles.local(dir.resolve("absent"))).isEmpty();
    }

    @Test
    void aMergedTableKeepsTheServersLinesAndGainsTheBackupsOthers() {
        String server = "# header\njohn@example.com:$2b$12$server::::::\n";
        String backup = "# old header\njohn@example.com:$2b$12$backup::::::\njane@example.com:$2b$12$jane::::::\n";
        assertThat(RestoreSteps.mergeTable(server, backup))
                .isEqualTo("# header\njohn@example.com:$2b$12$server::::::\njane@example.com:$2b$12$jane::::::\n");
        assertThat(RestoreSteps.mergeTable("info@example.com john@example.com", "info@example.com x\nabuse@example.com john@example.com\n"))
                .isEqualTo("info@example.com john@example.com\nabuse@example.com john@example.com\n");
    }

    @Test
    void theScriptIsValidShWithTheSpecsRetentionAndAQuotedOffsite(@TempDir Path dir) throws Exception {
        String script = BackupScript.script(new BackupSettings(3, 2, 12, Optional.of("sftp:b@vault.example.net:/srv/it's")));
        assertThat(script).contains("--keep-daily 3 --keep-weekly 2 --keep-monthly 12")
                .contains("OFFSITE=" + org.mailwright.remote.Shell.quote("sftp:b@vault.example.net:/srv/it's") + "\n");
        Path file = dir.resolve("s.sh");
        Files.writeString(file, script);
        // sh -n parses without running: a quoting slip in the Java text block shows here, not on a server
        Process p = new ProcessBuilder("sh", "-n", file.toString()).redirectErrorStream(true).start();
        assertThat(p.waitFor(10, TimeUnit.SECONDS)).isTrue();
        assertThat(new String(p.getInputStream().readAllBytes())).isEmpty();
        assertThat(p.exitValue()).isZero();
        for (String path : List.of("/var/vmail", "/etc/dkim", "/etc/letsencrypt", "/etc/mail", "/etc/mailwright/server.yaml")) {
            assertThat(script).contains(" " + path + " ");
        }
        assertThat(script).doesNotContain(BackupLayout.PASSWORD_FILE + "'  ");
    }

    @Test
    void theDnsToChangeAfterARestoreAreTheAddressRecordsThatAreNotRight() {
        var dns = new org.mailwright.engine.StepOutcome("dns", "DNS records", null, false, List.of(
                org.mailwright.model.Finding.warn("A mail.example.com", "mail.example.com has A 198.51.100.7, not this server's 203.0.113.10",
                        "Change the A record of mail.example.com to 203.0.113.10."),
                org.mailwright.model.Finding.ok("AAAA mail.example.com", "no AAAA record, and the server has no public IPv6 address"),
                org.mailwright.model.Finding.warn("PTR 203.0.113.10", "203.0.113.10 has no reverse DNS", "Ask your hosting provider."),
                org.mailwright.model.Finding.warn("DKIM dkim._domainkey.example.com", "no DKIM record", "Add it."),
                org.mailwright.model.Finding.warn("MX example.com", "mail for example.com goes elsewhere", "Change it.")), Duration.ZERO);
        var report = new org.mailwright.engine.RunReport(org.mailwright.engine.Runner.Mode.APPLY, List.of(dns), false, Duration.ZERO);
        assertThat(RestoreSteps.dnsToChange(report)).extracting(org.mailwright.model.Finding::check)
                .containsExactly("A mail.example.com", "PTR 203.0.113.10");
    }
}
