package org.mailwright.ui.users;

import java.util.Map;
import java.util.stream.Collectors;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.engine.mailboxes.MailboxEdit;
import org.mailwright.engine.mailboxes.MailboxService;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import org.mailwright.model.ServerSpec.DkimSettings;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Mailboxes;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.FakeRemoteHost;

/**
 * A running mail server's tables on a {@link FakeRemoteHost}: two domains, three mailboxes with mail, aliases and a
 * forwarder, and answers for everything {@link MailboxService} runs. The backend it gives records applies.
 */
public final class FakeMailServer {
    /** One hash for every seeded mailbox: bcrypt is slow and the tests do not log in. */
    static final String HASH = PasswordHasher.hash("Seeded-Password-1");
    public static final String VIRTUALS = """
            # Managed by Mailwright
            alice@example.com: vmail
            bob@example.com: vmail
            carol@example.org: vmail
            postmaster@example.com: alice@example.com
            abuse@example.com: alice@example.com
            info@example.com: alice@example.com, bob@example.com
            sales@example.com: bob@example.com, partner@partner.example.net
            postmaster@example.org: carol@example.org
            abuse@example.org: carol@example.org
            """;
    static final Map<String, String> SIZES = Map.of("/var/vmail/example.com/alice", "48213", "/var/vmail/example.com/bob", "912",
            "/var/vmail/example.org/carol", "1530112");

    public final FakeRemoteHost host = new FakeRemoteHost();
    public int applies;
    /** When set, the next apply finds this table changed by someone else. */
    public volatile String changeBeforeApply;

    /** /var/vmail/example.com/alice is alice@example.com's maildir. */
    private static String addressOf(String maildir) {
        String[] p = maildir.split("/");
        return p[4] + "@" + p[3];
    }

    public FakeMailServer() {
        host.file("/etc/mail/credentials", "alice@example.com:" + HASH + "::::::\nbob@example.com:" + HASH
                        + "::::::\ncarol@example.org:" + HASH + "::::::\n", 0440, "opensmtpd", "dovecot")
            .file("/etc/mail/virtuals", VIRTUALS, 0644, "root", "root")
            .file("/etc/mail/domains", "example.com\nexample.org\n", 0644, "root", "root")
            .file("/etc/rspamd/local.d/dkim_signing.conf", "old\n", 0644, "root", "root")
            // MailboxService's usage script: Dovecot's version, then doveadm's quota figures (KiB) for every user
            .on("dpkg-query -W", c -> new CommandResult(c.line(), 0, "dovecot\t1:2.3.19.1+dfsg1-2.1+deb12u7\n"
                    + "Username\tQuota name\tType\tValue\tLimit\t%\n" + SIZES.entrySet().stream()
                    .map(e -> addressOf(e.getKey()) + "\tUser quota\tSTORAGE\t" + e.getValue() + "\t-\t0\n"
                            + addressOf(e.getKey()) + "\tUser quota\tMESSAGE\t12\t-\t0")
                    .collect(Collectors.joining("\n")) + "\n", ""))
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

    public MailboxService service() {
        return new MailboxService(host, new DkimSettings("dkim", 1024));
    }

    /** The real service over this fake server, counting applies. */
    public Mailboxes backend() {
        Mailboxes service = Mailboxes.of(service());
        return new Mailboxes() {
            @Override
            public MailboxSnapshot read() {
                return service.read();
            }

            @Override
            public MailboxEdit edit(MailboxSnapshot snapshot) {
                return service.edit(snapshot);
            }

            @Override
            public void apply(MailboxEdit edit, Cancellation cancel) {
                String path = changeBeforeApply;
                if (path != null) {
                    changeBeforeApply = null;
                    host.file(path, host.content(path).orElse("") + "# edited by hand\n", 0644, "root", "root");
                }
                service.apply(edit, cancel);
                applies++;
            }

            @Override
            public void vacationOn(MailboxSnapshot snapshot, String address, org.mailwright.model.Vacation vacation, Cancellation cancel) {
                service.vacationOn(snapshot, address, vacation, cancel);
            }

            @Override
            public void vacationOff(MailboxSnapshot snapshot, String address, Cancellation cancel) {
                service.vacationOff(snapshot, address, cancel);
            }
        };
    }
}
