package org.mailwright.engine.steps;

import java.util.List;
import java.util.Optional;
import org.mailwright.engine.StepContext;
import org.mailwright.facts.InstalledPackages;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.ServerSpec;
import org.mailwright.render.MailConfig;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;
import org.mailwright.remote.Command;

/** Dovecot: IMAP on 993 only, TLS required, users from the credentials file OpenSMTPD uses too. */
public final class Dovecot extends ConfigStep {
    static final String LIMITS = "/etc/systemd/system/dovecot.service.d/mailwright-limits.conf";
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
        return ctx.facts().get(InstalledPackages.class).flatMap(p -> p.version("dovecot-imapd"))
                .map(v -> v.replaceFirst("^\\d+:", "").startsWith("2.4") || InstalledPackages.major(v.replaceFirst("^\\d+:", "")) > 2)
                .orElse(ctx.facts().require(ServerFacts.class).release().orElseThrow() == ServerFacts.Release.TRIXIE);
    }

    static MailConfig mailConfig(ServerSpec spec, StepContext ctx) {
        TlsPaths tls = ctx.facts().get(TlsPaths.class).orElse(Tls.paths(spec));
        return new MailConfig(spec, ctx.facts().require(ServerFacts.class).publicInterface(), dovecot24(ctx), tls.cert(), tls.key());
    }

    @Override
    protected List<Wanted> files(StepContext ctx) {
        // systemd ignores /etc/security/limits.conf for services: the file limit goes into a unit drop-in
        String limits = "# " + MailLayout.HEADER + "\n[Service]\nLimitNOFILE=2048\n";
        return List.of(Wanted.config(MailLayout.DOVECOT_CONF, MailRenderer.dovecotConf(mailConfig(spec, ctx))),
                Wanted.config(LIMITS, limits));
    }

    @Override
    protected List<org.mailwright.engine.Change.CommandChange> prepare(StepContext ctx) {
        return List.of();
    }

    @Override
    public void apply(StepContext ctx, org.mailwright.engine.Plan plan) {
        ctx.run(Command.of("install", "-d", "-m", "0755", "/etc/systemd/system/dovecot.service.d")).orThrow();
        super.apply(ctx, plan);
    }

    @Override
    protected void applyService(StepContext ctx, org.mailwright.engine.Change.ServiceChange s, List<org.mailwright.engine.Change.FileChange> files) {
        ctx.run(Command.of("systemctl", "daemon-reload")).orThrow();
        super.applyService(ctx, s, files);
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
