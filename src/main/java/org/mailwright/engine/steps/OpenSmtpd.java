package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Change.ServiceAction;
import org.mailwright.engine.Change.ServiceChange;
import org.mailwright.engine.Plan;
import org.mailwright.engine.StepContext;
import org.mailwright.model.ServerSpec;
import org.mailwright.accounts.AccountChange;
import org.mailwright.accounts.AccountMerge;
import org.mailwright.model.Finding;
import org.mailwright.model.Words;
import org.mailwright.accounts.MailTables;
import org.mailwright.render.MailConfig;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;
import org.mailwright.remote.Command;

/**
 * OpenSMTPD: smtpd.conf, and the domains, virtuals and credentials tables (the mailboxes and aliases). The tables are
 * the server's truth once they exist: the spec's accounts are merged into them ({@link ServerAccounts}), never the
 * other way round, and the plan lists each account change by address. When only a table changed, smtpd is told to
 * reload that table: no restart, no dropped sessions.
 */
public final class OpenSmtpd extends ConfigStep {
    private final ServerSpec spec;

    public OpenSmtpd(ServerSpec spec) {
        this.spec = spec;
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
        MailConfig c = Dovecot.mailConfig(spec, ctx);
        MailTables tables = ServerAccounts.of(ctx, spec).after();
        return List.of(
                Wanted.config(MailLayout.SMTPD_CONF, MailRenderer.smtpdConf(c)),
                Wanted.config(MailLayout.DOMAINS, tables.domains().text()),
                Wanted.config(MailLayout.VIRTUALS, tables.virtuals().text()),
                // smtpd's table-passwd runs as opensmtpd and Dovecot's auth as dovecot: both must read it, nobody else
                new Wanted(MailLayout.CREDENTIALS, tables.credentials().text(), 0440, "opensmtpd", "dovecot", true));
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
        return new Plan(p.stepId(), p.title(), changes, merge.notes());
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
        return w.path().equals(MailLayout.SMTPD_CONF);
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
        boolean exists = ctx.run(Command.of("test", "-d", MailLayout.MAIL_DIR)).ok();
        return exists ? List.of() : List.of(new Change.CommandChange("create " + MailLayout.MAIL_DIR,
                Command.of("install", "-d", "-m", "0755", MailLayout.MAIL_DIR)));
    }

    @Override
    protected ServiceAction actionFor(List<FileChange> changed) {
        return changed.stream().anyMatch(f -> f.path().equals(MailLayout.SMTPD_CONF)) ? ServiceAction.RESTART : ServiceAction.RELOAD;
    }

    @Override
    protected void applyService(StepContext ctx, ServiceChange s, List<FileChange> files) {
        boolean running = ctx.run(Command.of("systemctl", "is-active", "--quiet", "opensmtpd")).ok();
        if (s.action() == ServiceAction.RESTART || !running) {
            ctx.run(Command.of("systemctl", "restart", "opensmtpd")).orThrow();
            return;
        }
        for (FileChange f : files) {
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
