package org.mailwright.ui.users;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mailwright.accounts.PasswordHasher;
import org.mailwright.engine.mailboxes.MailboxEdit;
import org.mailwright.engine.mailboxes.MailboxService;
import org.mailwright.engine.mailboxes.MailboxSnapshot;
import org.mailwright.model.ServerSpec.DkimSettings;
import org.mailwright.model.Vacation;
import org.mailwright.session.Cancellation;
import org.mailwright.session.Mailboxes;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.FakeRemoteHost;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;

/**
 * A running mail server's tables on a {@link FakeRemoteHost}: two domains, three mailboxes with mail (alice near her
 * 50M quota, carol with 2G, bob without one), example.org's default quota of 1G, aliases and a forwarder, bob's vacation
 * reply as Mailwright wrote it and carol's changed by hand, and answers for everything {@link MailboxService} runs. The backend it gives records applies.
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

    /** Bob's vacation reply, on the server as Mailwright wrote it. */
    public static final Vacation BOB_AWAY = new Vacation("Away until 6 January", "Back on 7 January.\nUrgent: alice@example.com",
            Optional.of(LocalDate.of(2026, 12, 20)), Optional.of(LocalDate.of(2027, 1, 6)));
    static final String BOB_VACATION = MailLayout.vacationSieve("bob@example.com");
    static final String CAROL_VACATION = MailLayout.vacationSieve("carol@example.org");

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
        this("alice@example.com:" + HASH + "::::::userdb_quota_rule=*:storage=50M\nbob@example.com:" + HASH
                + "::::::\ncarol@example.org:" + HASH + "::::::userdb_quota_rule=*:storage=2G\n", VIRTUALS,
                "example.com\nexample.org\n", "example.org: 1G\n", SIZES);
        host.file(BOB_VACATION, MailRenderer.vacationSieve(BOB_AWAY, "bob@example.com"), 0600, "vmail", "vmail")
            // a script someone changed by hand after Mailwright wrote it: on, its settings unknown
            .file(CAROL_VACATION, MailRenderer.vacationSieve(BOB_AWAY, "carol@example.org").replace("\ntext:\n", "\ntext:\nEdited by hand. "),
                    0600, "vmail", "vmail");
    }

    /**
     * A bigger server, for the window at scale: {@code mailboxes} mailboxes ({@code user0001@d01.example.net} ...)
     * dealt round over {@code domains} domains, every tenth with a 1G quota and some mail; per domain a postmaster and
     * an abuse alias, a forwarder, and a list alias for every ten mailboxes. No vacation reply.
     */
    public static FakeMailServer scaled(int mailboxes, int domains) {
        StringBuilder credentials = new StringBuilder();
        StringBuilder virtuals = new StringBuilder("# Managed by Mailwright\n");
        StringBuilder aliases = new StringBuilder();
        Map<String, String> sizes = new java.util.LinkedHashMap<>();
        List<String> names = java.util.stream.IntStream.rangeClosed(1, domains).mapToObj(d -> String.format("d%02d.example.net", d)).toList();
        for (int i = 1; i <= mailboxes; i++) {
            String domain = names.get((i - 1) % domains);
            String user = String.format("user%04d", i);
            String address = user + "@" + domain;
            credentials.append(address).append(':').append(HASH).append("::::::")
                    .append(i % 10 == 0 ? "userdb_quota_rule=*:storage=1G" : "").append('\n');
            virtuals.append(address).append(": vmail\n");
            sizes.put("/var/vmail/" + domain + "/" + user, Integer.toString(i * 37));
            if (i <= domains) {
                aliases.append("postmaster@").append(domain).append(": ").append(address).append('\n')
                        .append("abuse@").append(domain).append(": ").append(address).append('\n')
                        .append("partners@").append(domain).append(": ").append(address).append(", partner@partner.example.org\n");
            }
            if (i % 10 == 0) {
                aliases.append("list").append(i).append('@').append(domain).append(": ").append(address).append('\n');
            }
        }
        return new FakeMailServer(credentials.toString(), virtuals.append(aliases).toString(),
                String.join("\n", names) + "\n", "", sizes);
    }

    private FakeMailServer(String credentials, String virtuals, String domains, String quotas, Map<String, String> sizes) {
        host.file("/etc/mail/credentials", credentials, 0440, "opensmtpd", "dovecot")
            .file("/etc/mail/quotas", quotas, 0644, "root", "root")
            .file("/etc/mail/virtuals", virtuals, 0644, "root", "root")
            .file("/etc/mail/domains", domains, 0644, "root", "root")
            .file("/etc/rspamd/local.d/dkim_signing.conf", "old\n", 0644, "root", "root")
            // MailboxService's usage script: Dovecot's version, then doveadm's quota figures (KiB) for every user
            .on("dpkg-query -W", c -> new CommandResult(c.line(), 0, "dovecot\t1:2.3.19.1+dfsg1-2.1+deb12u7\n"
                    + "Username\tQuota name\tType\tValue\tLimit\t%\n" + sizes.entrySet().stream()
                    .map(e -> addressOf(e.getKey()) + "\tUser quota\tSTORAGE\t" + e.getValue() + "\t-\t0\n"
                            + addressOf(e.getKey()) + "\tUser quota\tMESSAGE\t12\t-\t0")
                    .collect(Collectors.joining("\n")) + "\n", ""))
            // VacationScripts.readAll: the shell's glob, sha256sum and grep, over the fake's files
            .on("set -- " + MailLayout.VACATION_SIEVE_GLOB, c -> new CommandResult(c.line(), 0, vacationListing(), ""))
            // installing a checked vacation script puts it where Dovecot (and readAll) finds it
            .on("install -o vmail -g vmail -m 0600 ", c -> {
                String[] w = c.line().split(" ");
                host.file(w[w.length - 1], host.content(w[w.length - 2]).orElseThrow(), 0600, "vmail", "vmail");
                return new CommandResult(c.line(), 0, "", "");
            })
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

    /** What {@code sha256sum} and {@code grep -H} print for the vacation scripts among the fake's files. */
    private String vacationListing() {
        Pattern glob = Pattern.compile(Pattern.quote(MailLayout.VMAIL) + "/[^/.][^/]*/[^/.][^/]*/"
                + Pattern.quote(MailLayout.MAILWRIGHT_SIEVE_DIR + "/" + MailLayout.VACATION_SIEVE));
        List<String> scripts = host.paths().stream().filter(p -> glob.matcher(p).matches()).sorted().toList();
        StringBuilder out = new StringBuilder();
        for (String p : scripts) {
            out.append(sha256(host.content(p).orElseThrow())).append("  ").append(p).append('\n');
        }
        for (String p : scripts) {
            host.content(p).orElseThrow().lines().filter(l -> l.startsWith(MailRenderer.VACATION_SETTINGS)).findFirst()
                    .ifPresent(l -> out.append(p).append(':').append(l).append('\n'));
        }
        return out.toString();
    }

    static String sha256(String text) {
        try {
            return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                    .digest(text.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
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
            public Map<String, org.mailwright.engine.mailboxes.VacationStatus> vacations(MailboxSnapshot snapshot) {
                return service.vacations(snapshot);
            }

            @Override
            public void vacationOff(MailboxSnapshot snapshot, String address, Cancellation cancel) {
                service.vacationOff(snapshot, address, cancel);
            }
        };
    }
}
