package org.mailwright.lab;

import org.mailwright.lab.LabMailServer.Installed;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.mail.AuthenticationFailedException;
import jakarta.mail.Folder;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Mailbox, alias and domain management on a live server set up by apply (as {@link MailServerLabTest} does, on its own
 * droplets named mwu-SUITE): real SMTP submission and IMAP logins before and after each change, and an IMAP session
 * that must survive every change because tables are reloaded, never the daemons restarted.
 */
@LabTest
class UsersLabTest {
    static final String PASSWORD = "Lab-John-Pw-9x";
    static final String USER = "john@example.com";
    private static final LabMailServer.PerSuite SERVERS = LabMailServer.perSuite("mwu-", PASSWORD).requireApplied();

    @AfterAll
    static void tearDown() {
        SERVERS.close();
    }

    private static Session session(LabDroplet d) throws Exception {
        return LabMailServer.session(d, 587);
    }

    private static void send(LabDroplet d, String from, String password, String to, String subject) throws Exception {
        LabMailServer.send(d, session(d), from, password, to, subject, "hello from the users lab test");
    }

    private static void smtpLogin(LabDroplet d, String user, String password) throws Exception {
        try (Transport t = session(d).getTransport("smtp")) {
            t.connect(d.host(), 587, user, password);
        }
    }

    /** Waits until a file under {@code dir} on the server contains {@code text}; returns that file's content. */
    private static String delivered(LabDroplet d, String dir, String text) throws Exception {
        for (int i = 0; i < 60; i++) {
            var r = d.exec("sh", "-c", "f=$(grep -rlF -- '" + text + "' " + dir + " 2>/dev/null | grep -v /tmp/ | head -n1); [ -n \"$f\" ] && cat \"$f\"");
            if (r.ok()) {
                return r.output();
            }
            Thread.sleep(500);
        }
        throw new AssertionError("no mail containing '" + text + "' arrived in " + dir);
    }

    /**
     * Waits up to two seconds for Dovecot to refuse {@code user}'s {@code password}; the caller then asserts the refusal.
     * Dovecot's passwd-file looks at the file at most once a second (db-passwd-file.c passwd_file_sync), so a login in
     * the second of the write may still see the old line: an old password that still works, or a removed user whose
     * login passes and whose session then ends for want of its moved maildir ("Connection dropped by server", seen in
     * CI on Debian 13). Any failure other than the refusal is retried too.
     */
    private static void awaitImapRefused(LabDroplet d, String user, String password) throws InterruptedException {
        for (int n = 0; n < 8; n++) {
            try {
                LabMailServer.imapLogin(d, user, password);
            } catch (AuthenticationFailedException refused) {
                return;
            } catch (Exception stale) {
                // the stale second: try again
            }
            Thread.sleep(250);
        }
    }

    private static String smtpdPid(LabDroplet d) {
        return d.exec("systemctl", "show", "-p", "MainPID", "--value", "opensmtpd").output().strip();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void newUserCanSubmitOn587AndLogInOn993(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        String out = i.manage("New-User-Pw-42\n", "users", "add", "newbie@example.com", "--password-stdin");
        assertThat(out).contains("1 line added (newbie@example.com)", "+newbie@example.com: vmail").doesNotContainPattern("\\$2[aby]\\$");
        String subject = "from newbie " + UUID.randomUUID();
        send(d, "newbie@example.com", "New-User-Pw-42", USER, subject);
        delivered(d, "/var/vmail/example.com/john", subject);
        LabMailServer.imapLogin(d, "newbie@example.com", "New-User-Pw-42");
        // usage is Dovecot's count of the messages: newbie's mailbox holds none (what SMTP sends is not saved), john's the mail
        assertThat(i.manage(null, "users", "list")).containsPattern("newbie@example\\.com +0 B +-")
                .containsPattern("john@example\\.com +\\d+\\.\\d KiB +-").contains("postmaster@example.com");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void removedUserCannotLogInAndItsMaildirIsMovedAside(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        i.manage("Bob-Lab-Pw-4711\n", "users", "add", "bob@example.com", "--password-stdin");
        String subject = "for bob " + UUID.randomUUID();
        send(d, USER, PASSWORD, "bob@example.com", subject);
        delivered(d, "/var/vmail/example.com/bob", subject);
        String out = i.manage(null, "users", "remove", "bob@example.com");
        assertThat(out).contains("1 line removed (bob@example.com)", "-bob@example.com: vmail", "move the maildir /var/vmail/example.com/bob aside");
        awaitImapRefused(d, "bob@example.com", "Bob-Lab-Pw-4711");
        assertThatThrownBy(() -> LabMailServer.imapLogin(d, "bob@example.com", "Bob-Lab-Pw-4711")).isInstanceOf(AuthenticationFailedException.class);
        assertThatThrownBy(() -> smtpLogin(d, "bob@example.com", "Bob-Lab-Pw-4711")).isInstanceOf(AuthenticationFailedException.class);
        assertThat(d.exec("test", "-e", "/var/vmail/example.com/bob").ok()).isFalse();
        assertThat(d.exec("sh", "-c", "grep -rlF -- '" + subject + "' /var/vmail/.removed/").output()).contains("/var/vmail/.removed/bob@example.com-");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void changedPasswordWorksOldDoesNotAndOtherImapSessionStaysConnected(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        i.manage("Carol-Old-Pw-1\n", "users", "add", "carol@example.com", "--password-stdin");
        LabMailServer.imapLogin(d, "carol@example.com", "Carol-Old-Pw-1");
        String pid = smtpdPid(d);
        try (Store john = session(d).getStore("imaps")) {
            john.connect(d.host(), USER, PASSWORD);
            Folder inbox = john.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            int before = inbox.getMessageCount();
            String out = i.manage("Carol-New-Pw-2\n", "users", "passwd", "carol@example.com", "--password-stdin");
            assertThat(out).contains("password changed for carol@example.com").doesNotContain("Carol-New-Pw-2").doesNotContainPattern("\\$2[aby]\\$");
            awaitImapRefused(d, "carol@example.com", "Carol-Old-Pw-1");
            assertThatThrownBy(() -> LabMailServer.imapLogin(d, "carol@example.com", "Carol-Old-Pw-1")).isInstanceOf(AuthenticationFailedException.class);
            assertThatThrownBy(() -> smtpLogin(d, "carol@example.com", "Carol-Old-Pw-1")).isInstanceOf(AuthenticationFailedException.class);
            LabMailServer.imapLogin(d, "carol@example.com", "Carol-New-Pw-2");
            smtpLogin(d, "carol@example.com", "Carol-New-Pw-2");
            // the other user's session: still connected, and the server still answers it (NOOP, then STATUS)
            assertThat(john.isConnected()).isTrue();
            assertThat(inbox.isOpen()).isTrue();
            assertThat(inbox.getMessageCount()).isGreaterThanOrEqualTo(before);
            i.manage(null, "aliases", "add", "team@example.com", "carol@example.com,someone@elsewhere.org");
            assertThat(john.isConnected()).isTrue();
            assertThat(inbox.getMessageCount()).isGreaterThanOrEqualTo(before);
        }
        assertThat(smtpdPid(d)).as("opensmtpd was not restarted").isEqualTo(pid);
        assertThat(i.manage(null, "aliases", "list")).contains("team@example.com").contains("someone@elsewhere.org (forwarded)");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void newDomainReceivesMailAndSignsWithItsOwnKey(String suite) throws Exception {
        Installed i = SERVERS.get(suite);
        LabDroplet d = i.droplet();
        String out = i.manage(null, "domains", "add", "example.org", "--postmaster", USER);
        assertThat(out).contains("create /etc/dkim/example.org.dkim.key", "+example.org", "+postmaster@example.org: john@example.com",
                "publish the DKIM key of example.org").doesNotContain("PRIVATE KEY");
        i.manage("Org-User-Pw-77\n", "users", "add", "newuser@example.org", "--password-stdin");
        String subject = "example.org " + UUID.randomUUID();
        send(d, "newuser@example.org", "Org-User-Pw-77", "newuser@example.org", subject);
        String raw = delivered(d, "/var/vmail/example.org/newuser", subject);
        assertThat(raw).contains("DKIM-Signature:").containsPattern("d=example\\.org;");
        // the required aliases of the new domain deliver to the chosen mailbox
        String toPostmaster = "postmaster org " + UUID.randomUUID();
        send(d, USER, PASSWORD, "postmaster@example.org", toPostmaster);
        delivered(d, "/var/vmail/example.com/john", toPostmaster);
        assertThat(d.exec("rspamadm", "configtest").ok()).isTrue();
    }
}
