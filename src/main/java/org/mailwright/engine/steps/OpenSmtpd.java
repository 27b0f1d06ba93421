package org.mailwright.engine.steps;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import org.mailwright.accounts.LocalAliases;
import org.mailwright.accounts.TableParseException;
import org.mailwright.engine.StepFailedException;
import org.mailwright.model.Finding;
import org.mailwright.logging.Secrets;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Change.ServiceAction;
import org.mailwright.engine.Change.ServiceChange;
import org.mailwright.engine.Plan;
import org.mailwright.engine.StepContext;
import org.mailwright.model.ServerSpec;
import org.mailwright.accounts.AccountChange;
import org.mailwright.accounts.AccountMerge;
import org.mailwright.model.Words;
import org.mailwright.accounts.MailTables;
import org.mailwright.render.MailConfig;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;
import org.mailwright.remote.Command;
import org.mailwright.dns.DnsChecker;
import org.mailwright.dns.Ipv6Sending;
import org.mailwright.dns.MailDnsSetup;
import org.mailwright.dns.ResolverChoice;
import org.mailwright.facts.ServerFacts;

/**
 * OpenSMTPD: smtpd.conf, and the domains, virtuals and credentials tables (the mailboxes and aliases). The tables are
 * the server's truth once they exist: the spec's accounts are merged into them ({@link ServerAccounts}), never the
 * other way round, and the plan lists each account change by address. When only a table changed, smtpd is told to
 * reload that table: no restart, no dropped sessions.
 *
 * <p>Also the server's name in mail ({@code /etc/mailname}: root's mail is {@code root@HOSTNAME}, and smtpd's
 * {@code for local} matches it, so such mail is not relayed back to this server in a loop), the local aliases table
 * that sends the server's own mail to a person ({@link LocalAliases}), the SRS secret for forwarded mail, and the quota
 * filter that refuses mail for a full mailbox at RCPT ({@link MailRenderer#quotaFilter}).
 */
public final class OpenSmtpd extends ConfigStep implements Packages.PackageHooks {
    /**
     * A unit drop-in: smtpd starts once the network is configured ({@code network-online.target}), because
     * {@code listen on IFACE} binds only the addresses the interface has when smtpd starts (smtpd.conf(5)); a static IPv6
     * address still in duplicate address detection, or set up after smtpd started, would never get port 25. Debian's
     * unit orders itself only after {@code network.target}.
     */
    static final String NETWORK_DROP_IN = "/etc/systemd/system/opensmtpd.service.d/mailwright-network.conf";
    /** The package whose install starts OpenSMTPD. */
    static final String PACKAGE = "opensmtpd";
    /** listen on IFACE binds the addresses IFACE has when smtpd starts: it starts once the network is up. */
    static final String NETWORK_DROP_IN_TEXT = "# " + MailLayout.HEADER + "\n# listen on IFACE binds the addresses IFACE has when smtpd"
            + " starts: start once the network is up\n[Unit]\nWants=network-online.target\nAfter=network-online.target\n";

    /** The reverse DNS of the given addresses for the mail host: {@link DnsChecker#reverseDns} or a stand-in in tests. */
    interface ReverseDns extends java.util.function.BiFunction<String, List<java.net.InetAddress>, List<DnsChecker.PtrCheck>> {
        /** Asks {@code resolver}, as the DNS step does. */
        static ReverseDns via(ResolverChoice resolver) {
            return (host, addresses) -> new DnsChecker(resolver, java.time.Duration.ofSeconds(5), true).reverseDns(host, addresses);
        }
    }

    private final ServerSpec spec;
    private final ReverseDns reverseDns;

    /** The step, asking this computer's resolver for the IPv6 reverse DNS ({@link Ipv6Sending}). */
    public OpenSmtpd(ServerSpec spec) {
        this(spec, new ResolverChoice.SystemDefault());
    }

    /**
     * @param resolver whom to ask for the reverse DNS of the server's IPv6 addresses, which decides whether mail may
     *                 leave over IPv6 ({@link Ipv6Sending}); the same resolver the DNS step checks with
     */
    public OpenSmtpd(ServerSpec spec, ResolverChoice resolver) {
        this(spec, ReverseDns.via(resolver));
    }

    OpenSmtpd(ServerSpec spec, ReverseDns reverseDns) {
        this.spec = spec;
        this.reverseDns = reverseDns;
    }

    /** The decision of this run, made once (so a plan and its apply render the same smtpd.conf). */
    private record Sending(Ipv6Sending.Decision decision) {
    }

    /**
     * Whether this run's smtpd.conf sends over IPv4 only: {@link Ipv6Sending#decide} for the server's addresses and
     * {@code ipv6.send}, asking {@code reverseDns} for the PTRs only when it matters; remembered in {@code ctx.facts()}.
     */
    static Ipv6Sending.Decision ipv6Sending(StepContext ctx, ServerSpec spec, ReverseDns reverseDns) {
        Optional<Sending> known = ctx.facts().get(Sending.class);
        if (known.isPresent()) {
            return known.get().decision();
        }
        MailDnsSetup setup = DnsRecords.setupFor(spec, ctx.facts().require(ServerFacts.class), java.util.Map.of());
        Ipv6Sending.Decision d = Ipv6Sending.decide(spec.ipv6().send(), setup,
                v6 -> reverseDns.apply(setup.mailHost(), v6));
        ctx.facts().put(Sending.class, new Sending(d));
        return d;
    }

    @Override
    public String id() {
        return "opensmtpd";
    }

    @Override
    public String title() {
        return "Configure OpenSMTPD, mailboxes and aliases";
    }

    @Override
    protected List<Wanted> files(StepContext ctx) {
        MailConfig c = Dovecot.mailConfig(spec, ctx).withSendIpv4Only(ipv6Sending(ctx, spec, reverseDns).ipv4Only());
        MailTables tables = ServerAccounts.of(ctx, spec).after();
        List<Wanted> out = new ArrayList<>(List.of(
                Wanted.config(MailLayout.SMTPD_CONF, MailRenderer.smtpdConf(c)),
                Wanted.config(NETWORK_DROP_IN, NETWORK_DROP_IN_TEXT),
                // smtpd runs its filters as its own user: anyone may read and run it
                new Wanted(MailLayout.QUOTA_FILTER, MailRenderer.quotaFilter(), 0755, "root", "root", false),
                // smtpd.conf includes it: smtpd reads its config as root, and nobody else needs the secret
                new Wanted(MailLayout.SRS_KEY, srsKey(ctx), 0600, "root", "root", true),
                Wanted.config(MailLayout.MAILNAME, MailRenderer.mailname(spec)),
                Wanted.config(MailLayout.LOCAL_ALIASES, localAliases(ctx).text()),
                Wanted.config(MailLayout.DOMAINS, tables.domains().text()),
                Wanted.config(MailLayout.VIRTUALS, tables.virtuals().text()),
                // smtpd's table-passwd runs as opensmtpd and Dovecot's auth as dovecot: both must read it, nobody else
                new Wanted(MailLayout.CREDENTIALS, tables.credentials().text(), 0440, "opensmtpd", "dovecot", true),
                Wanted.config(MailLayout.QUOTAS, ServerAccounts.of(ctx, spec).quotas().text())));
        // the relay's login: smtpd's parent reads it at start, its lookup process (user opensmtpd) on `smtpctl update
        // table secrets`, so a new password is taken without a restart; nobody else may read it
        RelayPassword.of(ctx, spec).ifPresent(s -> out.add(new Wanted(MailLayout.SECRETS, s.table(), 0640, "root", "opensmtpd", true)));
        return out;
    }

    /** The SRS secret of this run: made once (so a plan and its apply write the same one). */
    private record SrsKey(String conf) {
    }

    private static final Pattern SRS_SECRET = Pattern.compile("srs\\s+key\\s+\"([^\"]+)\"");

    /**
     * The server's SRS key file as it is, when there is one: a key is never replaced, since bounces of mail forwarded
     * before would then not decode (like a DKIM key, {@link Dkim}). Otherwise a new 256-bit secret from
     * {@link SecureRandom}, made on this machine and registered with {@link Secrets} so no log shows it.
     */
    static String srsKey(StepContext ctx) {
        Optional<SrsKey> known = ctx.facts().get(SrsKey.class);
        if (known.isPresent()) {
            return known.get().conf();
        }
        String conf = ctx.host().readText(MailLayout.SRS_KEY).orElseGet(() -> {
            byte[] secret = new byte[32];
            new SecureRandom().nextBytes(secret);
            return MailRenderer.srsKeyConf(HexFormat.of().formatHex(secret));
        });
        Matcher m = SRS_SECRET.matcher(conf);
        while (m.find()) {
            Secrets.register(m.group(1));
        }
        ctx.facts().put(SrsKey.class, new SrsKey(conf));
        return conf;
    }

    /** The server's local aliases table with root's line added when missing ({@link LocalAliases}). */
    private LocalAliases.Result localAliases(StepContext ctx) {
        Optional<String> server = ctx.host().readText(MailLayout.LOCAL_ALIASES);
        try {
            return LocalAliases.merge(server, ServerAccounts.TABLE_HEADER, spec.rootMailbox());
        } catch (TableParseException e) {
            throw new StepFailedException(Finding.error("mail tables",
                    "the server's " + MailLayout.LOCAL_ALIASES + " has lines Mailwright cannot read, so it was left as it is: "
                            + e.problems().stream().map(Object::toString).collect(Collectors.joining("; ")),
                    "Correct or remove those lines on the server (each is named with its line), then run apply again."));
        }
    }

    @Override
    public Plan plan(StepContext ctx) {
        // read the tables again right before planning their write: the earlier read (DKIM, rspamd) only needed domains
        ServerAccounts.forget(ctx);
        Plan p = super.plan(ctx);
        AccountMerge.Result merge = ServerAccounts.of(ctx, spec);
        List<Change> changes = new ArrayList<>();
        merge.changes().forEach(a -> changes.add(new Change.Account(a)));
        changes.addAll(p.changes());
        List<String> notes = new ArrayList<>(merge.notes());
        // where root's mail goes when this run sets it, or that the server's own line was kept
        notes.addAll(localAliases(ctx).notes());
        Ipv6Sending.Decision sending = ipv6Sending(ctx, spec, reverseDns);
        if (sending.finding().severity() != org.mailwright.model.Severity.OK) {
            notes.add(sending.finding().message() + ". " + sending.finding().fix());
        }
        RelayPassword.of(ctx, spec).flatMap(RelayPassword.Secret::note).ifPresent(notes::add);
        return new Plan(p.stepId(), p.title(), changes, notes);
    }

    @Override
    public Optional<String> beforePackagesNote(List<String> missing) {
        return dropInBeforePackageNote(missing, PACKAGE, "OpenSMTPD", NETWORK_DROP_IN);
    }

    /** When OpenSMTPD is about to be installed, writes its unit drop-in first ({@link ConfigStep#writeDropInBeforePackage}). */
    @Override
    public void beforePackages(StepContext ctx, List<String> packages) {
        writeDropInBeforePackage(ctx, packages, PACKAGE, NETWORK_DROP_IN, NETWORK_DROP_IN_TEXT);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        try {
            super.apply(ctx, plan);
        } finally {
            ServerAccounts.forget(ctx);
        }
    }

    @Override
    protected boolean checksDrift(Wanted w) {
        // the account tables are reported by address below; the rest (smtpd.conf, the SRS key, mailname, local aliases) as files
        return !List.of(MailLayout.DOMAINS, MailLayout.VIRTUALS, MailLayout.CREDENTIALS, MailLayout.QUOTAS).contains(w.path());
    }

    /**
     * The config findings, then the accounts: a spec that names a mailbox, alias or domain the server lacks (made by
     * hand elsewhere, or removed with {@code users remove}) is a warning by address, not "file not as planned".
     */
    @Override
    public List<Finding> verify(StepContext ctx) {
        ServerAccounts.forget(ctx);
        List<Finding> out = new ArrayList<>(super.verify(ctx));
        AccountMerge.Result merge = ServerAccounts.of(ctx, spec);
        out.add(merge.changes().isEmpty()
                ? Finding.ok("accounts", Words.count(merge.after().mailboxes().size(), "mailbox", "mailboxes") + ", "
                        + Words.count(merge.after().aliases().size(), "alias", "aliases") + ", "
                        + Words.count(merge.domains().size(), "domain", "domains") + "; every one the spec names is on the server")
                : Finding.warn("accounts", "the spec names accounts the server does not have: "
                        + merge.changes().stream().map(AccountChange::line).collect(java.util.stream.Collectors.joining("; ")),
                        "Apply adds them; if they were removed on purpose, take them out of the spec (spec pull does that)."));
        return out;
    }

    @Override
    protected List<Change.CommandChange> prepare(StepContext ctx) {
        List<Change.CommandChange> out = new ArrayList<>();
        for (String dir : List.of(MailLayout.MAIL_DIR, NETWORK_DROP_IN.substring(0, NETWORK_DROP_IN.lastIndexOf('/')))) {
            if (!ctx.run(Command.of("test", "-d", dir)).ok()) {
                out.add(new Change.CommandChange("create " + dir, Command.of("install", "-d", "-m", "0755", dir)));
            }
        }
        return out;
    }

    /** Asks a just-restarted smtpd to try its queue now, once its control socket answers (at most 5 s); never fails. */
    public static final String SCHEDULE_QUEUE = "for i in $(seq 1 50); do smtpctl schedule all >/dev/null 2>&1 && exit 0; sleep 0.1; done; true";

    private static final List<String> RESTART_FOR = List.of(MailLayout.SMTPD_CONF, MailLayout.QUOTA_FILTER, MailLayout.SRS_KEY,
            MailLayout.MAILNAME, NETWORK_DROP_IN);

    @Override
    protected ServiceAction actionFor(List<FileChange> changed) {
        // smtpd reads its config, the included SRS key and the mail name, and starts its filters, only when it starts;
        // tables can be reloaded
        return changed.stream().anyMatch(f -> RESTART_FOR.contains(f.path())) ? ServiceAction.RESTART : ServiceAction.RELOAD;
    }

    @Override
    protected void applyService(StepContext ctx, ServiceChange s, List<FileChange> files) {
        if (files.stream().anyMatch(f -> f.path().equals(NETWORK_DROP_IN))) {
            ctx.run(Command.of("systemctl", "daemon-reload")).orThrow();
        }
        boolean running = ctx.run(Command.of("systemctl", "is-active", "--quiet", "opensmtpd")).ok();
        if (s.action() == ServiceAction.RESTART || !running) {
            ctx.run(Command.of("systemctl", "restart", "opensmtpd")).orThrow();
            // mail queued while delivery was being switched (or while Dovecot was down) goes out now, not at the next
            // retry: as soon as the new smtpd's control socket answers (tried for up to 5 s; it was a fixed second's
            // sleep). A failure here only means smtpd retries on its own schedule
            ctx.run(Command.script(SCHEDULE_QUEUE));
            return;
        }
        for (FileChange f : files) {
            if (f.path().equals(MailLayout.QUOTAS)) {
                continue; // Mailwright's own file, not an smtpd table
            }
            String table = f.path().substring(f.path().lastIndexOf('/') + 1);
            ctx.run(Command.of("smtpctl", "update", "table", table)).orThrow();
        }
    }

    @Override
    protected Optional<Command> validator(StepContext ctx) {
        return Optional.of(Command.script("smtpd -n -f " + MailLayout.SMTPD_CONF));
    }

    @Override
    protected String validatorName() {
        return "smtpd -n";
    }

    @Override
    protected String service() {
        return "opensmtpd";
    }
}
