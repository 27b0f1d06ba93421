package org.mailwright.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.Command;
import org.mailwright.remote.FakeRemoteHost;
import org.junit.jupiter.api.Test;

class ConfigFilesTest {
    private final FakeRemoteHost host = new FakeRemoteHost();
    private final StepContext ctx = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);

    @Test
    void plansNothingWhenContentModeAndOwnerMatch() {
        host.file("/etc/x.conf", "a\n", 0644, "root", "root");
        assertThat(ConfigFiles.plan(ctx, "/etc/x.conf", "a\n", 0644, "root", "root", false)).isEmpty();
    }

    @Test
    void plansOwnerFixWhenOnlyOwnerDiffers() {
        host.file("/etc/mail/credentials", "a\n", 0440, "root", "root");
        FileChange c = ConfigFiles.plan(ctx, "/etc/mail/credentials", "a\n", 0440, "opensmtpd", "dovecot", true).orElseThrow();
        assertThat(c.contentUnchanged()).isTrue();
        assertThat(c.summary()).startsWith("fix owner/mode of");
    }

    @Test
    void plansCreationOfMissingFile() {
        FileChange c = ConfigFiles.plan(ctx, "/etc/new.conf", "x\n", 0644, "root", "root", false).orElseThrow();
        assertThat(c.before()).isEmpty();
        assertThat(c.diff()).startsWith("--- /dev/null");
    }

    @Test
    void backsUpThenWritesWhenValidatorPasses() {
        host.file("/etc/x.conf", "old\n", 0644, "root", "root").on("check-ok", 0, "");
        FileChange c = ConfigFiles.plan(ctx, "/etc/x.conf", "new\n", 0644, "root", "root", false).orElseThrow();
        ConfigFiles.write(ctx, List.of(c), Optional.of(Command.of("check-ok")), "check-ok");
        assertThat(host.content("/etc/x.conf")).contains("new\n");
        assertThat(host.content("/etc/x.conf.mailwright-backup-1")).contains("old\n");
    }

    @Test
    void saysWhereTheReplacedContentWasKept() {
        List<String> said = new java.util.ArrayList<>();
        StepContext listening = new StepContext(host, new Cancel(), new Facts(), new RunListener() {
            @Override
            public void message(String stepId, String message) {
                said.add(message);
            }
        });
        host.file("/etc/smtpd.conf", "# my own tweak\n", 0644, "root", "root").file("/etc/mail/credentials", "a\n", 0440, "root", "root");
        FileChange edited = ConfigFiles.plan(listening, "/etc/smtpd.conf", "new\n", 0644, "root", "root", false).orElseThrow();
        FileChange owner = ConfigFiles.plan(listening, "/etc/mail/credentials", "a\n", 0440, "opensmtpd", "dovecot", true).orElseThrow();
        ConfigFiles.write(listening, List.of(edited, owner), Optional.empty(), "");
        assertThat(said).containsExactly("kept the previous /etc/smtpd.conf as /etc/smtpd.conf.mailwright-backup-1");
        assertThat(host.content("/etc/smtpd.conf.mailwright-backup-1")).contains("# my own tweak\n");
    }

    @Test
    void rollsBackEveryFileWhenValidatorFails() {
        host.file("/etc/x.conf", "old\n", 0644, "root", "root")
            .on("smtpd -n", 1, "/etc/mail/smtpd.conf:12: syntax error");
        FileChange replaced = ConfigFiles.plan(ctx, "/etc/x.conf", "broken\n", 0644, "root", "root", false).orElseThrow();
        FileChange created = ConfigFiles.plan(ctx, "/etc/y.conf", "also\n", 0644, "root", "root", false).orElseThrow();

        assertThatThrownBy(() -> ConfigFiles.write(ctx, List.of(replaced, created), Optional.of(Command.of("smtpd", "-n")), "smtpd -n"))
                .isInstanceOf(StepFailedException.class)
                .hasMessageContaining("smtpd.conf:12: syntax error")
                .hasMessageContaining("rolled back");
        assertThat(host.content("/etc/x.conf")).contains("old\n");
        assertThat(host.content("/etc/y.conf")).isEmpty();
    }

    @Test
    void theValidatorsLineIsQuotedFromTheRejectedFile() {
        host.file("/etc/smtpd.conf", "old\n", 0644, "root", "root")
            .on("smtpd -n", 1, "/etc/smtpd.conf:2: syntax error");
        FileChange c = ConfigFiles.plan(ctx, "/etc/smtpd.conf", "table a file:/x\nlisten on nowhere tls pki nope\n", 0644, "root", "root", false).orElseThrow();

        assertThatThrownBy(() -> ConfigFiles.write(ctx, List.of(c), Optional.of(Command.of("smtpd", "-n")), "smtpd -n"))
                .hasMessageContaining("/etc/smtpd.conf line 2: \"listen on nowhere tls pki nope\"");
    }

    @Test
    void doveconfsWayOfNamingALineIsUnderstoodAndSecretsAreNotQuoted() {
        String words = "doveconf: Fatal: Error in configuration file /etc/dovecot/dovecot.conf line 1: Unknown setting: x";
        FileChange plain = new FileChange("/etc/dovecot/dovecot.conf", Optional.empty(), "x = 1\n", 0644, "root", "root", false);
        FileChange secret = new FileChange("/etc/dovecot/dovecot.conf", Optional.empty(), "x = 1\n", 0600, "root", "root", true);

        assertThat(ConfigFiles.offendingLines(words, List.of(plain))).isEqualTo(" (/etc/dovecot/dovecot.conf line 1: \"x = 1\")");
        assertThat(ConfigFiles.offendingLines(words, List.of(secret))).doesNotContain("x = 1");
        assertThat(ConfigFiles.offendingLines("/etc/other.conf:1: bad", List.of(plain))).isEmpty();
    }
}
