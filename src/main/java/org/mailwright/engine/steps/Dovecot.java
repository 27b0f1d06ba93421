package org.mailwright.engine.steps;

import java.util.List;
import java.util.Optional;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.model.Finding;
import org.mailwright.facts.InstalledPackages;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.ServerSpec;
import org.mailwright.render.MailConfig;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;
import org.mailwright.remote.Command;
import org.mailwright.remote.Shell;

/**
 * Dovecot: IMAP on 993 only, TLS required, users from the credentials file OpenSMTPD uses too, and the delivery of
 * mail through LMTP (OpenSMTPD is the MTA, Dovecot the MDA) with Mailwright's global Sieve script filing spam into
 * Junk.
 *
 * <p>Runs before {@link OpenSmtpd}: when a server set up by an earlier Mailwright switches from smtpd's own maildir
 * delivery to LMTP, Dovecot's socket is up before smtpd.conf names it, so no mail waits (and were it missing, smtpd
 * would keep the mail queued and retry, never refuse or lose it; docs/design/issue-17-delivery-notes.md section 2).
 * The maildirs stay where they are: Dovecot reads and writes the same /var/vmail/DOMAIN/USER.
 */
public final class Dovecot extends ConfigStep implements Packages.PackageHooks {
    static final String LIMITS = "/etc/systemd/system/dovecot.service.d/mailwright-limits.conf";
    /** systemd ignores /etc/security/limits.conf for services: the file limit goes into a unit drop-in. */
    static final String LIMITS_TEXT = "# " + MailLayout.HEADER + "\n[Service]\nLimitNOFILE=2048\n";
    /** The package whose install starts Dovecot. */
    static final String PACKAGE = "dovecot-imapd";
    private final ServerSpec spec;

    public Dovecot(ServerSpec spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return "dovecot";
    }

    @Override
    public String title() {
        return "Configure Dovecot";
    }

    /** Dovecot 2.4 came with Debian 13; the installed version decides when it is known. */
    static boolean dovecot24(StepContext ctx) {
        return ctx.facts().get(InstalledPackages.class).flatMap(p -> p.version(PACKAGE)).map(InstalledPackages::dovecot24)
                .orElse(ctx.facts().require(ServerFacts.class).release().orElseThrow() == ServerFacts.Release.TRIXIE);
    }

    static MailConfig mailConfig(ServerSpec spec, StepContext ctx) {
        TlsPaths tls = ctx.facts().get(TlsPaths.class).orElse(Tls.paths(spec));
        return new MailConfig(spec, ctx.facts().require(ServerFacts.class).publicInterface(), dovecot24(ctx), tls.cert(), tls.key());
    }

    @Override
    protected List<Wanted> files(StepContext ctx) {
        return List.of(Wanted.config(MailLayout.DOVECOT_CONF, MailRenderer.dovecotConf(mailConfig(spec, ctx))),
                Wanted.config(LIMITS, LIMITS_TEXT),
                Wanted.config(MailLayout.SPAM_SIEVE, MailRenderer.spamSieve()),
                new Wanted(MailLayout.QUOTA_WARNING_SCRIPT, quotaWarningScript("postmaster@" + spec.domains().get(0)), 0755, "root", "root",
                        false));
    }

    /**
     * {@link MailLayout#QUOTA_WARNING_SCRIPT}: sends the person (argument 2) a mail saying the mailbox is N % full
     * (argument 1), from {@code postmaster}, marked {@code Auto-Submitted} so no vacation reply answers it. Run by
     * Dovecot as vmail; OpenSMTPD's sendmail takes mail from any local user (docs/design/issue-17-delivery-notes.md
     * section 3).
     *
     * @param postmaster the sender address, postmaster@ the first domain
     * @return the POSIX shell script
     */
    static String quotaWarningScript(String postmaster) {
        return "#!/bin/sh\n"
                + "# " + MailLayout.HEADER + "\n"
                + "# Dovecot's quota-warning service runs this as vmail: mailwright-quota-warning PERCENT ADDRESS\n"
                + "set -eu\n"
                + "percent=$1\n"
                + "to=$2\n"
                + "from=" + Shell.quote(postmaster) + "\n"
                + "/usr/sbin/sendmail -f " + "\"$from\" -- \"$to\" <<MAIL\n"
                + "From: Mail server <$from>\n"
                + "To: $to\n"
                + "Subject: Your mailbox is $percent% full\n"
                + "Auto-Submitted: auto-generated\n"
                + "Precedence: bulk\n"
                + "MIME-Version: 1.0\n"
                + "Content-Type: text/plain; charset=utf-8\n"
                + "\n"
                + "Your mailbox $to is $percent% full.\n"
                + "\n"
                + "When it is full, new mail waits at the sending servers and is refused after a few days.\n"
                + "Delete old mail, or empty Trash and Junk, to make room; or ask for a larger quota.\n"
                + "MAIL\n";
    }

    /** The compiled form of the spam script, beside it (Pigeonhole's {@code .svbin}). */
    static final String SPAM_SVBIN = MailLayout.SPAM_SIEVE.replaceFirst("\\.sieve$", ".svbin");

    private static Command compileSpamScript() {
        return Command.of("sievec", MailLayout.SPAM_SIEVE);
    }

    /**
     * The directory of the global Sieve scripts when it is missing, and a compile of the spam script when it exists but
     * its compiled form is missing or older (an earlier apply cut off between writing and compiling).
     */
    @Override
    protected List<org.mailwright.engine.Change.CommandChange> prepare(StepContext ctx) {
        List<org.mailwright.engine.Change.CommandChange> out = new java.util.ArrayList<>();
        if (!ctx.run(Command.of("test", "-d", MailLayout.SIEVE_BEFORE)).ok()) {
            out.add(new org.mailwright.engine.Change.CommandChange("create " + MailLayout.SIEVE_BEFORE,
                    Command.of("install", "-d", "-m", "0755", MailLayout.SIEVE_BEFORE)));
        } else if (ctx.run(Command.of("test", "-f", MailLayout.SPAM_SIEVE)).ok()
                && !ctx.run(Command.of("test", SPAM_SVBIN, "-nt", MailLayout.SPAM_SIEVE)).ok()) {
            out.add(new org.mailwright.engine.Change.CommandChange("compile the spam filter " + MailLayout.SPAM_SIEVE,
                    compileSpamScript()));
        }
        return out;
    }

    @Override
    public Optional<String> beforePackagesNote(List<String> missing) {
        return dropInBeforePackageNote(missing, PACKAGE, "Dovecot", LIMITS);
    }

    /** When Dovecot is about to be installed, writes its unit drop-in first ({@link ConfigStep#writeDropInBeforePackage}). */
    @Override
    public void beforePackages(StepContext ctx, List<String> packages) {
        writeDropInBeforePackage(ctx, packages, PACKAGE, LIMITS, LIMITS_TEXT);
    }

    @Override
    public void apply(StepContext ctx, org.mailwright.engine.Plan plan) {
        ctx.run(Command.of("install", "-d", "-m", "0755", "/etc/systemd/system/dovecot.service.d")).orThrow();
        super.apply(ctx, plan);
    }

    @Override
    protected void applyService(StepContext ctx, org.mailwright.engine.Change.ServiceChange s, List<org.mailwright.engine.Change.FileChange> files) {
        if (files.stream().anyMatch(f -> f.path().equals(MailLayout.SPAM_SIEVE) || f.path().equals(MailLayout.DOVECOT_CONF))) {
            // LMTP runs as vmail and cannot write the compiled script into a root-owned directory: compile it here, also
            // when dovecot.conf changed (a new Dovecot after a release upgrade reads only its own binary format)
            ctx.say("Compiling the spam filter (sievec)");
            ctx.run(compileSpamScript()).orThrow();
        }
        if (files.stream().anyMatch(f -> f.path().equals(LIMITS))) {
            ctx.run(Command.of("systemctl", "daemon-reload")).orThrow();
        }
        super.applyService(ctx, s, files);
        awaitLmtpSocket(ctx);
    }

    /**
     * Waits (up to 10 s) for Dovecot's LMTP socket after a restart, so OpenSMTPD's step, which comes next, hands mail to
     * a socket that exists (the switch order of docs/design/issue-17-delivery-notes.md section 2).
     *
     * @throws StepFailedException when the socket does not appear: Dovecot did not start its LMTP service
     */
    private static void awaitLmtpSocket(StepContext ctx) {
        String wait = "for i in $(seq 1 20); do test -S " + MailLayout.LMTP_SOCKET + " && exit 0; sleep 0.5; done; exit 1";
        if (!ctx.run(Command.script(wait)).ok()) {
            throw new StepFailedException(Finding.error("dovecot", "Dovecot's LMTP socket " + MailLayout.LMTP_SOCKET
                            + " did not appear after the restart, so mail cannot be delivered (it waits in OpenSMTPD's queue)",
                    "See `journalctl -u dovecot -n 50` on the server for why it stopped."));
        }
    }

    /**
     * The config findings, then what delivery needs beyond them: the LMTP socket OpenSMTPD hands mail to, and the spam
     * script compiled (without its {@code .svbin} LMTP compiles it on every delivery and cannot save it, as vmail).
     */
    @Override
    public List<Finding> verify(StepContext ctx) {
        List<Finding> out = new java.util.ArrayList<>(super.verify(ctx));
        out.add(ctx.run(Command.of("test", "-S", MailLayout.LMTP_SOCKET)).ok()
                ? Finding.ok("LMTP", "Dovecot takes mail from OpenSMTPD on " + MailLayout.LMTP_SOCKET)
                : Finding.error("LMTP", "Dovecot's LMTP socket " + MailLayout.LMTP_SOCKET + " is missing: mail waits in OpenSMTPD's queue",
                        "See `journalctl -u dovecot -n 50` on the server for why it stopped."));
        out.add(ctx.run(Command.of("test", SPAM_SVBIN, "-nt", MailLayout.SPAM_SIEVE)).ok()
                ? Finding.ok("spam filter", "mail rspamd marks as spam is filed into Junk (" + MailLayout.SPAM_SIEVE + ", compiled)")
                : Finding.error("spam filter", MailLayout.SPAM_SIEVE + " is missing or not compiled", "Run apply again."));
        return out;
    }

    @Override
    protected Optional<Command> validator(StepContext ctx) {
        // doveconf prints the whole config on success; only its verdict matters
        return Optional.of(Command.script("doveconf -n >/dev/null"));
    }

    @Override
    protected String validatorName() {
        return "doveconf -n";
    }

    @Override
    protected String service() {
        return "dovecot";
    }
}
