package org.mailwright.render;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.FilterPolicy;
import org.mailwright.model.ServerSpec.MailUser;

/** Renders every configuration file Mailwright writes, from the spec and the server's facts. Pure: text in, text out. */
public final class MailRenderer {
    private MailRenderer() {
    }

    /**
     * OpenSMTPD's smtpd.conf: the listeners, filters, tables, and delivery of the served domains' mail to Dovecot over
     * LMTP ({@code lmtp "/run/dovecot/lmtp" rcpt-to virtual <virtuals>}, smtpd.conf(5); verified on OpenSMTPD 7.4 and
     * 7.6, docs/design/issue-17-delivery-notes.md). Spam filing into Junk is Dovecot's job now ({@link #spamSieve}):
     * smtpd's {@code junk} option exists only for its own maildir delivery.
     *
     * @return the file's text
     */
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
        return Template.render("smtpd.conf", Map.ofEntries(
                Map.entry("header", MailLayout.HEADER),
                Map.entry("hostname", s.hostname()),
                Map.entry("cert", c.certPath()),
                Map.entry("key", c.keyPath()),
                Map.entry("srs_key", MailLayout.SRS_KEY),
                Map.entry("separator", Character.toString(EmailAddress.SUBADDRESS_SEPARATOR)),
                Map.entry("local_aliases", MailLayout.LOCAL_ALIASES),
                Map.entry("lmtp_socket", MailLayout.LMTP_SOCKET),
                Map.entry("filters", filters.isEmpty() ? "# (all connection checks are off)" : String.join("\n", filters)),
                Map.entry("inbound_chain", String.join(", ", chain)),
                Map.entry("interface", c.listenOn())));
    }

    /**
     * The file smtpd.conf includes for SRS: {@code srs key "SECRET"} (smtpd.conf(5)). Kept apart so smtpd.conf can be
     * shown in plans and stay world-readable while the secret does not.
     *
     * @param secret letters and digits only (it is written between double quotes)
     */
    public static String srsKeyConf(String secret) {
        if (!secret.matches("[A-Za-z0-9]{32,}")) {
            throw new IllegalArgumentException("an SRS secret is at least 32 letters and digits");
        }
        return "# OpenSMTPD's SRS secret, made once by Mailwright and kept by every apply: a new one would break the bounces\n"
                + "# of forwarded mail still under way (smtpd.conf(5): srs key backup rotates it).\n"
                + "srs key \"" + secret + "\"\n";
    }

    /** {@link MailLayout#MAILNAME}: the mail host name on a line of its own. */
    public static String mailname(ServerSpec spec) {
        return spec.hostname() + "\n";
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

    /**
     * Dovecot's dovecot.conf for 2.3 (Debian 12) or 2.4 (Debian 13, {@link MailConfig#dovecot24}): IMAPS, and LMTP
     * delivery with the {@link EmailAddress#SUBADDRESS_SEPARATOR} as recipient delimiter, the users from the credentials
     * file (userdb passwd-file), and Sieve with Mailwright's global scripts. Settings as verified on both releases in
     * docs/design/issue-17-delivery-notes.md; {@code postmaster_address} is postmaster@ the spec's first domain.
     *
     * @return the file's text
     */
    public static String dovecotConf(MailConfig c) {
        return Template.render(c.dovecot24() ? "dovecot-2.4.conf" : "dovecot-2.3.conf", Map.of(
                "header", MailLayout.HEADER,
                "cert", c.certPath(),
                "key", c.keyPath(),
                "vmail_id", Integer.toString(MailLayout.VMAIL_ID),
                "hostname", c.spec().hostname(),
                "postmaster", "postmaster@" + c.spec().domains().get(0),
                "separator", Character.toString(EmailAddress.SUBADDRESS_SEPARATOR),
                "lmtp_socket", MailLayout.LMTP_SOCKET,
                "sieve_before", MailLayout.SIEVE_BEFORE));
    }

    /**
     * {@link MailLayout#SPAM_SIEVE}: files mail rspamd marked as spam into Junk and stops, as OpenSMTPD's
     * {@code maildir ... junk} did before LMTP. filter-rspamd adds {@code X-Spam: yes} on rspamd's "add header" action,
     * and strips a forged one from mail coming in (docs/design/issue-17-delivery-notes.md section 4). {@code stop} keeps
     * later scripts (a vacation reply) from answering spam.
     *
     * @return the Sieve script (RFC 5228, fileinto RFC 5228 4.1)
     */
    public static String spamSieve() {
        return "# " + MailLayout.HEADER + "\n"
                + "# Spam (rspamd's X-Spam: yes) goes to Junk, as OpenSMTPD's junk option did before delivery went through Dovecot.\n"
                + "require [\"fileinto\"];\n"
                + "if header :is \"X-Spam\" \"yes\" {\n"
                + "  fileinto \"Junk\";\n"
                + "  stop;\n"
                + "}\n";
    }

    /** The files under /etc/rspamd/local.d, by file name. */
    /**
     * @param domains every domain the server signs for (the spec's and those added on the server), in table order
     */
    public static Map<String, String> rspamdLocal(ServerSpec spec, List<String> domains) {
        Map<String, String> files = new java.util.LinkedHashMap<>();
        files.put("actions.conf", Template.render("rspamd-actions.conf", Map.of("header", MailLayout.HEADER,
                "reject", score(spec.spam().reject()), "add_header", score(spec.spam().addHeader()), "greylist", score(spec.spam().greylist()))));
        files.put("options.inc", Template.render("rspamd-options.inc", Map.of("header", MailLayout.HEADER)));
        files.put("dkim_signing.conf", dkimSigning(domains, spec.dkim().selector()));
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
