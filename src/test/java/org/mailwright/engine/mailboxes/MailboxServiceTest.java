package org.mailwright.engine.mailboxes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.mailwright.accounts.MailTablesException;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.accounts.TableParseException;
import org.mailwright.engine.StepFailedException;
import org.mailwright.model.ServerSpec.DkimSettings;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.FakeRemoteHost;

/** The live mailbox service against a fake server: what it reads, shows, writes, reloads and refuses. */
class MailboxServiceTest {
    static final String PASSWORD = "Correct-Horse-9";
    static final String HASH = PasswordHasher.hash(PASSWORD);
    static final String CREDENTIALS = "john@example.com:" + HASH + "::::::\n";
    static final String VIRTUALS = """
            # Managed by Mailwright
            john@example.com: vmail
            postmaster@example.com: john@example.com
            abuse@example.com: john@example.com
            """;

    private final FakeRemoteHost host = new FakeRemoteHost();
    private final MailboxService service = new MailboxService(host, new DkimSettings("dkim", 1024),
            Clock.fixed(Instant.parse("2025-03-04T05:06:07Z"), ZoneOffset.UTC));

    @BeforeEach
    void server() {
        host.file("/etc/mail/credentials", CREDENTIALS, 0440, "opensmtpd", "dovecot")
            .file("/etc/mail/virtuals", VIRTUALS, 0644, "root", "root")
            .file("/etc/mail/domains", "example.com\n", 0644, "root", "root")
            .file("/etc/rspamd/local.d/dkim_signing.conf", "old\n", 0644, "root", "root")
            // a server set up before quotas: doveadm quota fails, so the script falls back to du
            .on("dpkg-query -W", 0, "dovecot\t1:2.3.19.1+dfsg1-2.1+deb12u7\n" + MailboxService.DU_MARK + "\n1234\t/var/vmail/example.com/john\n")
            .on("test -d /etc/mail", 0, "")
            .on("smtpd -n", 0, "configuration OK")
            .on("smtpctl update table", 0, "")
            .on("if command -v doveadm", 0, "")
            .on("if [ -d", 0, "")
            .on("rm -rf", 0, "")
            .on("test -e /etc/dkim/", 1, "")
            .on("install -d", 0, "")
            .on("rspamadm configtest", 0, "syntax OK")
            .on("systemctl reload-or-restart rspamd", 0, "");
    }

    @Test
    void listsMailboxesWithMaildirSizeAndTheAliasesPointingAtThem() {
        MailboxSnapshot s = service.read();
        assertThat(s.mailboxes()).singleElement().satisfies(r -> {
            assertThat(r.address()).isEqualTo("john@example.com");
            assertThat(r.usedKib()).contains(1234L);
            assertThat(r.quota()).isEmpty();
            assertThat(r.aliases()).containsExactly("postmaster@example.com", "abuse@example.com");
        });
    }

    @Test
    void removingTheOnlyTargetOfACatchAllSaysTheCatchAllGoesToo() {
        service.apply(service.edit(service.read()).addMailbox("carl@example.com", "Another-Good-Pw-1")
                .putAlias("@example.com", java.util.List.of("carl@example.com")), new Cancel());
        MailboxEdit e = service.edit(service.read()).removeMailbox("carl@example.com", false);
        assertThat(e.warnings()).containsExactly("the catch-all @example.com delivered only to carl@example.com and is removed with it:"
                + " mail to addresses of example.com that are no mailbox or alias will be refused");
        assertThat(e.diff()).contains("-@example.com: carl@example.com");
    }

    /** The usage script runs as one sh -c on the server: it must parse (a bare # once commented out its fi). */
    @Test
    void theUsageScriptIsValidShell() throws Exception {
        service.read();
        String script = host.executed().stream().filter(l -> l.startsWith("dpkg-query -W")).findFirst().orElseThrow();
        Process p = new ProcessBuilder("sh", "-n", "-c", script).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        // and what it prints when doveadm has no quota plugin is what read() takes for the du part
        Process run = new ProcessBuilder("sh", "-c", script.replace("doveadm ", "false ").replace("dpkg-query ", "true ")
                .replace("du -sk", "echo 7 /var/vmail/example.com/john || true")).redirectErrorStream(true).start();
        String printed = new String(run.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        assertThat(run.waitFor()).isZero();
        assertThat(printed).startsWith(MailboxService.DU_MARK + "\n");
    }

    @Test
    void addsMailboxWithALocalHashReloadsTablesAndNeverRestartsSmtpd() {
        MailboxEdit e = service.edit(service.read()).addMailbox("new@example.com", "Another-Good-Pw-1");
        service.apply(e, new Cancel());
        String creds = host.content("/etc/mail/credentials").orElseThrow();
        String line = creds.lines().filter(l -> l.startsWith("new@example.com:")).findFirst().orElseThrow();
        assertThat(PasswordHasher.matches("Another-Good-Pw-1", line.split(":")[1])).isTrue();
        assertThat(line).endsWith("::::::");
        assertThat(host.fileAt("/etc/mail/credentials").orElseThrow()).satisfies(f -> {
            assertThat(f.mode()).isEqualTo(0440);
            assertThat(f.owner() + ":" + f.group()).isEqualTo("opensmtpd:dovecot");
        });
        assertThat(host.content("/etc/mail/virtuals").orElseThrow()).isEqualTo(VIRTUALS + "new@example.com: vmail\n");
        assertThat(host.executed()).contains("smtpctl update table credentials", "smtpctl update table virtuals")
                .doesNotContain("smtpctl update table domains")
                .noneMatch(c -> c.contains("restart opensmtpd") || c.contains("restart dovecot") || c.contains("Another-Good-Pw-1"));
        assertThat(host.executed().indexOf("smtpd -n -f /etc/smtpd.conf")).isLessThan(host.executed().indexOf("smtpctl update table credentials"));
        assertThat(host.content("/etc/mail/credentials.mailwright-backup-1")).contains(CREDENTIALS);
        assertThat(host.transcript().render()).doesNotContain(HASH).doesNotContain("Another-Good-Pw-1").doesNotContain("$2a$");
    }

    @Test
    void diffHidesHashesButSaysWhatChanged() {
        String diff = service.edit(service.read()).addMailbox("new@example.com", "Another-Good-Pw-1").resetPassword("john@example.com", "Yet-Another-Pw-2").diff();
        assertThat(diff).contains("--- /etc/mail/credentials", "1 line added (new@example.com)", "password changed for john@example.com",
                        "+new@example.com: vmail")
                .doesNotContain("$2a$").doesNotContain(HASH).doesNotContain("Another-Good-Pw-1");
    }

    @Test
    void removedMailboxMaildirIsMovedAsideNotDeleted() {
        MailboxEdit e = service.edit(service.read()).addMailbox("bob@example.com", "Another-Good-Pw-1");
        service.apply(e, new Cancel());
        MailboxEdit r = service.edit(service.read()).removeMailbox("bob@example.com", false);
        assertThat(r.diff()).contains("-bob@example.com: vmail", "1 line removed (bob@example.com)",
                "move the maildir /var/vmail/example.com/bob aside to /var/vmail/.removed/bob@example.com-20250304-050607");
        service.apply(r, new Cancel());
        assertThat(host.executed()).anyMatch(c -> c.startsWith("if [ -d /var/vmail/example.com/bob ]; then install -d -o vmail -g vmail -m 0700 /var/vmail/.removed && mv -- /var/vmail/example.com/bob /var/vmail/.removed/bob@example.com-20250304-050607"))
                .noneMatch(c -> c.startsWith("rm -rf"));
        assertThat(host.content("/etc/mail/credentials")).contains(CREDENTIALS);
    }

    @Test
    void deleteMailRemovesTheMaildirOnlyWhenAskedTo() {
        service.apply(service.edit(service.read()).addMailbox("bob@example.com", "Another-Good-Pw-1"), new Cancel());
        service.apply(service.edit(service.read()).removeMailbox("bob@example.com", true), new Cancel());
        assertThat(host.executed()).contains("rm -rf -- /var/vmail/example.com/bob");
    }

    @Test
    void refusesToWriteWhenATableChangedSinceItWasRead() {
        MailboxEdit e = service.edit(service.read()).putAlias("info@example.com", List.of("john@example.com"));
        host.file("/etc/mail/virtuals", VIRTUALS + "sales@example.com: john@example.com\n", 0644, "root", "root");
        assertThatThrownBy(() -> service.apply(e, new Cancel())).isInstanceOf(StaleDataException.class)
                .hasMessageStartingWith("/etc/mail/virtuals changed on the server since it was read; reload and try again");
        assertThat(host.uploads()).isEmpty();
        assertThat(host.executed()).noneMatch(c -> c.startsWith("smtpctl"));
    }

    @Test
    void parseErrorsOfTheServersFilesAreShownWithTheirLineAndNothingIsWritten() {
        host.file("/etc/mail/virtuals", VIRTUALS + "foo\n", 0644, "root", "root");
        assertThatThrownBy(service::read).isInstanceOf(TableParseException.class).hasMessage("virtuals line 5: 'foo' has no target");
        assertThat(host.uploads()).isEmpty();
    }

    @Test
    void rejectsWeakPasswordBeforeAnythingIsWritten() {
        assertThatThrownBy(() -> service.edit(service.read()).addMailbox("new@example.com", "short"))
                .isInstanceOf(MailTablesException.class).hasMessageContaining("too short");
        assertThat(host.uploads()).isEmpty();
    }

    @Test
    void failedSmtpdCheckRollsTheTablesBack() {
        host.on("smtpd -n", 1, "/etc/smtpd.conf:3: syntax error");
        MailboxEdit e = service.edit(service.read()).putAlias("info@example.com", List.of("john@example.com"));
        assertThatThrownBy(() -> service.apply(e, new Cancel())).isInstanceOf(StepFailedException.class).hasMessageContaining("rolled back");
        assertThat(host.content("/etc/mail/virtuals")).contains(VIRTUALS);
        assertThat(host.executed()).noneMatch(c -> c.startsWith("smtpctl"));
    }

    @Test
    void addingADomainMakesItsKeySignsForAllDomainsAndAddsRequiredAliases() {
        MailboxEdit e = service.edit(service.read()).addDomain("example.org", "john@example.com");
        assertThat(e.diff()).contains("create /etc/dkim/example.org.dkim.key (a new 1024-bit DKIM key", "+example.org",
                        "+postmaster@example.org: john@example.com", "note: publish the DKIM key of example.org: dkim._domainkey.example.org.\t3600\tIN\tTXT\t\"v=DKIM1; k=rsa; p=")
                .doesNotContain("PRIVATE KEY");
        service.apply(e, new Cancel());
        assertThat(host.fileAt("/etc/dkim/example.org.dkim.key").orElseThrow()).satisfies(f -> {
            assertThat(new String(f.content())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
            assertThat(f.mode()).isEqualTo(0440);
            assertThat(f.group()).isEqualTo("_rspamd");
        });
        assertThat(host.content("/etc/rspamd/local.d/dkim_signing.conf").orElseThrow())
                .contains("  example.com {\n    path = \"/etc/dkim/example.com.dkim.key\"")
                .contains("  example.org {\n    path = \"/etc/dkim/example.org.dkim.key\";\n    selector = \"dkim\";");
        assertThat(host.content("/etc/mail/domains")).contains("example.com\nexample.org\n");
        assertThat(host.content("/etc/mail/virtuals").orElseThrow()).contains("abuse@example.org: john@example.com",
                "noc@example.org: john@example.com", "security@example.org: john@example.com", "hostmaster@example.org: john@example.com");
        List<String> run = host.executed();
        assertThat(run.indexOf("rspamadm configtest")).isLessThan(run.indexOf("systemctl reload-or-restart rspamd"));
        assertThat(run).contains("smtpctl update table domains", "smtpctl update table virtuals").noneMatch(c -> c.contains("restart opensmtpd"));
    }

    @Test
    void keepsAnExistingDkimKeyOfANewDomain() {
        host.on("test -e /etc/dkim/", 0, "");
        MailboxEdit e = service.edit(service.read()).addDomain("example.org", "john@example.com");
        assertThat(e.diff()).doesNotContain("create /etc/dkim").contains("keeps the DKIM key already on the server");
    }
}
