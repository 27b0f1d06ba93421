package org.mailwright.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.FilterPolicy;
import org.mailwright.model.ServerSpec.MailUser;

/** Renders every configuration file Mailwright writes, from the spec and the server's facts. Pure: text in, text out. */
public final class MailRenderer {
    private MailRenderer() {
    }

    public static String smtpdConf(MailConfig c) {
        ServerSpec s = c.spec();
        List<String> filters = new ArrayList<>();
        List<String> chain = new ArrayList<>();
        filter(filters, chain, "check_dyndns", "phase connect match rdns regex { '.*\\.dyn\\..*', '.*\\.dsl\\..*' }",
                s.filters().dyndns(), "550 no residential connections");
        filter(filters, chain, "check_rdns", "phase connect match !rdns", s.filters().rdns(), "550 no rDNS");
        filter(filters, chain, "check_fcrdns", "phase connect match !fcrdns", s.filters().fcrdns(), "550 no FCrDNS");
        if (s.filters().senderscore() != FilterPolicy.OFF) {
            String block = s.filters().senderscore() == FilterPolicy.REJECT ? "-blockBelow 10 " : "";
            filters.add("filter senderscore proc-exec \"filter-senderscore " + block + "-junkBelow 70 -slowFactor 5000\"");
            chain.add("senderscore");
        }
        chain.add("rspamd");
        return Template.render("smtpd.conf", Map.of(
                "header", MailLayout.HEADER,
                "hostname", s.hostname(),
                "cert", c.certPath(),
                "key", c.keyPath(),
                "filters", filters.isEmpty() ? "# (all connection checks are off)" : String.join("\n", filters),
                "inbound_chain", String.join(", ", chain),
                "interface", c.listenOn()));
    }

    private static void filter(List<String> out, List<String> chain, String name, String match, FilterPolicy policy, String refusal) {
        switch (policy) {
            case OFF -> {
                return;
            }
            case JUNK -> out.add("filter " + name + " " + match + " junk");
            case REJECT -> out.add("filter " + name + " " + match + " disconnect \"" + refusal + "\"");
        }
        chain.add(name);
    }

    /** One accepted domain a line. */
    public static String domainsTable(ServerSpec spec) {
        return "# " + MailLayout.HEADER + "\n" + spec.domains().stream().map(d -> d + "\n").collect(Collectors.joining());
    }

    /**
     * Every mailbox maps to the vmail user (delivery into its maildir); aliases map to their targets. Mailboxes
     * first, then aliases, each group in spec order, so diffs stay small when one entry changes.
     */
    public static String virtualsTable(ServerSpec spec, Map<String, List<String>> aliases) {
        StringBuilder sb = new StringBuilder("# " + MailLayout.HEADER + "\n");
        for (MailUser u : spec.users()) {
            sb.append(u.address()).append(": vmail\n");
        }
        for (var e : aliases.entrySet()) {
            sb.append(e.getKey()).append(": ").append(String.join(", ", e.getValue())).append('\n');
        }
        return sb.toString();
    }

    /**
     * OpenSMTPD's table-passwd needs at least 6 colon-separated fields on every line and rejects the whole file for
     * one bad line; Dovecot's passwd-file reads the same line. No {BLF-CRYPT} prefix: smtpd hands the field to crypt().
     * No comment line either: table-passwd does not skip comments.
     */
    public static String credentialsTable(ServerSpec spec) {
        return spec.users().stream().map(u -> u.address() + ":" + u.passwordHash() + "::::::\n").collect(Collectors.joining());
    }

    public static String dovecotConf(MailConfig c) {
        return Template.render(c.dovecot24() ? "dovecot-2.4.conf" : "dovecot-2.3.conf", Map.of(
                "header", MailLayout.HEADER,
                "cert", c.certPath(),
                "key", c.keyPath(),
                "vmail_id", Integer.toString(MailLayout.VMAIL_ID)));
    }

    /** The files under /etc/rspamd/local.d, by file name. */
    public static Map<String, String> rspamdLocal(ServerSpec spec) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("actions.conf", Template.render("rspamd-actions.conf", Map.of("header", MailLayout.HEADER,
                "reject", score(spec.spam().reject()), "add_header", score(spec.spam().addHeader()), "greylist", score(spec.spam().greylist()))));
        files.put("options.inc", Template.render("rspamd-options.inc", Map.of("header", MailLayout.HEADER)));
        files.put("dkim_signing.conf", dkimSigning(spec.domains(), spec.dkim().selector()));
        files.put("spf.conf", Template.render("rspamd-spf.conf", Map.of("header", MailLayout.HEADER)));
        files.put("redis.conf", Template.render("rspamd-redis.conf", Map.of("header", MailLayout.HEADER)));
        return files;
    }

    /** rspamd's dkim_signing.conf: each domain signs with its own key. Also rendered when a domain is added live. */
    public static String dkimSigning(List<String> domains, String selector) {
        String entries = domains.stream().map(d -> "  " + d + " {\n    path = \"" + MailLayout.dkimKey(d, selector)
                + "\";\n    selector = \"" + selector + "\";\n  }").collect(Collectors.joining("\n"));
        return Template.render("rspamd-dkim_signing.conf", Map.of("header", MailLayout.HEADER, "domains", entries));
    }

    private static String score(double v) {
        return v == Math.rint(v) ? Long.toString((long) v) : String.format(Locale.ROOT, "%s", v);
    }
}
