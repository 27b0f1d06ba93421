package org.mailwright.engine.steps;

import java.util.List;
import org.mailwright.engine.Step;
import org.mailwright.model.ServerSpec;

/** The steps that set up a mail server, in the order they must run. */
public final class MailSteps {
    private MailSteps() {
    }

    public static List<Step> forSpec(ServerSpec spec) {
        return forSpec(spec, DnsRecords.Options.defaults());
    }

    public static List<Step> forSpec(ServerSpec spec, DnsRecords.Options dns) {
        return List.of(new Preflight(), new Packages(), new Vmail(), new Dkim(spec), new Tls(spec), new Rspamd(spec),
                new OpenSmtpd(spec), new Dovecot(spec), new Firewall(spec), new Services(), new Verify(spec),
                new DnsRecords(spec, dns));
    }
}
