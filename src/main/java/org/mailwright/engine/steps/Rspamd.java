package org.mailwright.engine.steps;

import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Change.ServiceAction;
import org.mailwright.engine.StepContext;
import org.mailwright.model.ServerSpec;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;
import org.mailwright.remote.Command;

/** rspamd: spam thresholds, DNS, DKIM signing per domain, SPF and redis, in local.d (Debian's own files stay). */
public final class Rspamd extends ConfigStep {
    private final ServerSpec spec;

    public Rspamd(ServerSpec spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return "rspamd";
    }

    @Override
    public String title() {
        return "Configure rspamd";
    }

    @Override
    protected List<Wanted> files(StepContext ctx) {
        return MailRenderer.rspamdLocal(spec).entrySet().stream()
                .map(e -> Wanted.config(MailLayout.RSPAMD_LOCAL + "/" + e.getKey(), e.getValue())).toList();
    }

    @Override
    protected Optional<Command> validator(StepContext ctx) {
        return Optional.of(Command.of("rspamadm", "configtest"));
    }

    @Override
    protected String validatorName() {
        return "rspamadm configtest";
    }

    @Override
    protected String service() {
        return "rspamd";
    }

    @Override
    protected ServiceAction actionFor(List<FileChange> changed) {
        return ServiceAction.RELOAD;
    }
}
