package org.mailwright.render;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.json.JsonMapper;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Optional;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.MailPorts;
import org.mailwright.model.QuotaSize;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Vacation;
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
        chain.add("quota");
        chain.add("rspamd");
        return Template.render("smtpd.conf", Map.ofEntries(
                Map.entry("quota_filter", MailLayout.QUOTA_FILTER),
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
                Map.entry("interface", c.listenOn()),
                Map.entry("mta_limit", c.sendIpv4Only() ? MTA_LIMIT_INET4 : ""),
                Map.entry("relay_table", s.relay().map(r -> "\n# The relay's login (relay: in the spec); secret, see " + MailLayout.SECRETS
                        + ".\ntable secrets file:" + MailLayout.SECRETS).orElse("")),
                Map.entry("relay_action", s.relay().map(r -> relayAction(r, s.hostname())).orElse("")),
                Map.entry("outbound_rules", outboundRules(s.relay()))));
    }

    /**
     * The smarthost action, on a line of its own after the outbound one: the relay URL with its port always written
     * ({@link ServerSpec.RelaySettings#url()}), {@code auth <secrets>}, and the outbound action's {@code srs} and
     * {@code helo}. smtpd checks the relay's certificate against its name by default (smtpd.conf(5): "server
     * certificates for those protocols are verified by default"); Mailwright never turns that off.
     */
    private static String relayAction(ServerSpec.RelaySettings r, String hostname) {
        return "\n# Outgoing mail through the relay " + r.host() + " (port " + r.port() + ", TLS" + (r.port() == ServerSpec.RelaySettings.SMTPS
                ? " from the first byte" : " required via STARTTLS") + ", login from <secrets>; its certificate is checked).\n"
                + "action \"relay\" relay host " + r.url() + " auth <secrets> srs helo " + hostname;
    }

    /**
     * The rules for outgoing mail (from users who logged in, and from the server itself). smtpd.conf(5): rules are
     * "evaluated sequentially, with the first match winning", so the relay's domain rules come before the {@code for any}
     * ones. Matching is by recipient domain, not by MX: a Microsoft 365 customer's own domain is not caught by
     * {@code outlook.com}.
     */
    static String outboundRules(Optional<ServerSpec.RelaySettings> relay) {
        String direct = "match from auth for any action \"outbound\"\nmatch from local for any action \"outbound\"";
        if (relay.isEmpty()) {
            return direct;
        }
        if (relay.get().allMail()) {
            return "# All outgoing mail goes through the relay.\n"
                    + "match from auth for any action \"relay\"\nmatch from local for any action \"relay\"";
        }
        String domains = relay.get().domains().stream().map(d -> "\"" + d + "\"").collect(Collectors.joining(", "));
        return "# Mail for these domains goes through the relay; other outgoing mail leaves directly (first match wins).\n"
                + "match from auth for domain { " + domains + " } action \"relay\"\n"
                + "match from local for domain { " + domains + " } action \"relay\"\n" + direct;
    }

    /** The line of {@link #MTA_LIMIT_INET4} that does it. */
    private static final String IPV4_ONLY_LINE = "mta limit inet4";

    /**
     * smtpd.conf's lines for sending over IPv4 only. {@code mta limit inet4} is in the grammar of OpenSMTPD 7.4 and 7.6
     * (parse.y {@code opt_limit_mta: INET4}) though not in smtpd.conf(5); mta.c then skips every MX address of the
     * other family ("AF mismatch"). Preferred over {@code src ADDRESS} on the relay action, which does the same but
     * names the server's IPv4 address, so the file would go stale when the address changes.
     */
    static final String MTA_LIMIT_INET4 = "# Mail leaves over IPv4 only (Mailwright's ipv6.send rule): Gmail refuses IPv6 mail from an address whose\n"
            + "# reverse DNS is not forward-confirmed. Not in smtpd.conf(5), but in the grammar of OpenSMTPD 7.4 and 7.6.\n"
            + IPV4_ONLY_LINE + "\n";

    /**
     * Whether an smtpd.conf sends over IPv4 only, as {@link #smtpdConf} writes it for {@link MailConfig#sendIpv4Only()}.
     *
     * @param smtpdConf the file's text, such as the server's /etc/smtpd.conf
     */
    public static boolean sendsIpv4Only(String smtpdConf) {
        return smtpdConf.lines().anyMatch(l -> l.strip().equals(IPV4_ONLY_LINE));
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

    /**
     * {@link MailLayout#SECRETS}: the relay's login as smtpd's {@code auth <secrets>} reads it, one line
     * {@code relay USER:PASSWORD} (table(5): "label user:password"; smtpd splits at the first ':', so the user holds none).
     *
     * @param user     the login at the relay, checked by the spec validator (no ':', no blanks)
     * @param password the relay password, checked by {@code SpecValidator.relayPasswordProblem}
     */
    public static String relaySecrets(String user, String password) {
        if (user.isEmpty() || user.contains(":") || user.chars().anyMatch(c -> c <= 32) || password.isEmpty()
                || password.chars().anyMatch(c -> c < 32 || c == 127)) {
            throw new IllegalArgumentException("a relay login is one word without ':' and a password on one line");
        }
        return "# " + MailLayout.HEADER + "\n"
                + "# The relay's login for smtpd.conf's auth <secrets> (table(5): label user:password). Secret: root and smtpd only.\n"
                + ServerSpec.RelaySettings.LABEL + " " + user + ":" + password + "\n";
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
     * file (userdb passwd-file), Sieve with Mailwright's global scripts, each person's vacation script
     * ({@link MailLayout#MAILWRIGHT_SIEVE_DIR}) and their own, and ManageSieve (RFC 5804) on {@link MailPorts#MANAGESIEVE}. Settings as verified on both releases in
     * docs/design/issue-17-delivery-notes.md; {@code postmaster_address} is postmaster@ the spec's first domain.
     *
     * @return the file's text
     */
    public static String dovecotConf(MailConfig c) {
        return Template.render(c.dovecot24() ? "dovecot-2.4.conf" : "dovecot-2.3.conf", Map.ofEntries(
                Map.entry("vacation_dir", "~/" + MailLayout.MAILWRIGHT_SIEVE_DIR),
                Map.entry("managesieve_port", Integer.toString(MailPorts.MANAGESIEVE)),
                Map.entry("header", MailLayout.HEADER),
                Map.entry("cert", c.certPath()),
                Map.entry("key", c.keyPath()),
                Map.entry("vmail_id", Integer.toString(MailLayout.VMAIL_ID)),
                Map.entry("hostname", c.spec().hostname()),
                Map.entry("postmaster", "postmaster@" + c.spec().domains().get(0)),
                Map.entry("separator", Character.toString(EmailAddress.SUBADDRESS_SEPARATOR)),
                Map.entry("lmtp_socket", MailLayout.LMTP_SOCKET),
                Map.entry("sieve_before", MailLayout.SIEVE_BEFORE),
                Map.entry("quota_warning_percent", Integer.toString(QuotaSize.WARNING_PERCENT)),
                Map.entry("quota_warning_script", MailLayout.QUOTA_WARNING_SCRIPT),
                Map.entry("quota_status_port", Integer.toString(MailLayout.QUOTA_STATUS_PORT)),
                Map.entry("quota_status_overquota", OVER_QUOTA)));
    }

    /**
     * What Dovecot's quota-status service answers for a full mailbox, and so what OpenSMTPD's quota filter tells the
     * sending server at RCPT: temporary (4xx), as Dovecot's own documented setup does, so mail is retried and arrives
     * once the person makes room, rather than bounced for a state that changes (RFC 3463 4.2.2 "mailbox full").
     */
    public static final String OVER_QUOTA = "452 4.2.2 Mailbox is full and cannot receive any more messages";

    /**
     * {@link MailLayout#QUOTA_FILTER}: an OpenSMTPD filter (smtpd-filters(7), protocol 0.7 of OpenSMTPD 7.4 and 7.6) on
     * {@code smtp-in rcpt-to} that asks Dovecot's quota-status service on 127.0.0.1:{@link MailLayout#QUOTA_STATUS_PORT}
     * (Postfix policy protocol, {@code size=0}) and answers {@code reject|CODE TEXT} when the service answers a 4xx or
     * 5xx ({@link #OVER_QUOTA}), else {@code proceed}. It fails open (service down, silent for about 2 s, or a malformed
     * answer: proceed) and never exits on bad input, since smtpd stops when a filter dies. Debian ships no OpenSMTPD
     * filter that asks a policy service (its filters are rspamd, senderscore and dkimsign), so this is Mailwright's own.
     * The protocol facts it relies on, with their sources, are in the script's header.
     *
     * @return the Perl program (perl-base modules only: Essential on Debian 12 and 13); its optional argument is
     *         another port, for tests
     */
    public static String quotaFilter() {
        return Template.render("quota-filter.pl", Map.of(
                "header", MailLayout.HEADER,
                "path", MailLayout.QUOTA_FILTER,
                "port", Integer.toString(MailLayout.QUOTA_STATUS_PORT),
                "over_quota", OVER_QUOTA));
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

    /**
     * A mailbox's vacation script ({@link MailLayout#vacationSieve}): answers at most once per {@link Vacation#DAYS}
     * day per sender (RFC 5230 {@code :days}), only between the dates when set (RFC 5260 {@code currentdate}, the
     * server's local date, both days included), and never mail from lists or robots: besides Pigeonhole's own checks
     * (it skips List-Id, Precedence bulk/list/junk and Auto-Submitted mail, RFC 5230 4.6), the script says so itself,
     * so the rule does not depend on one implementation. The text is written in Sieve's multi-line {@code text:} form
     * with lines starting with a dot doubled (RFC 5228 2.4.2); the subject as a quoted string with {@code "} and
     * {@code \} escaped. Non-ASCII is written as UTF-8, which Sieve scripts are (RFC 5228 2.4.2.4).
     *
     * <p>Its third line is a comment holding the settings ({@link #VACATION_SETTINGS}), so the users window and
     * {@code users list} can show the reply as it is without parsing Sieve; {@link #vacationSettings} reads it back.
     *
     * @param address the mailbox (normalized); also the reply's {@code :addresses}, so mail to it is answered
     * @return the Sieve script
     */
    public static String vacationSieve(Vacation v, String address) {
        List<String> tests = new ArrayList<>();
        v.from().ifPresent(d -> tests.add("currentdate :value \"ge\" \"date\" \"" + d + "\""));
        v.until().ifPresent(d -> tests.add("currentdate :value \"le\" \"date\" \"" + d + "\""));
        // exists with a list is true only when all are there (RFC 5228 5.5): each header is tested on its own
        tests.add("not anyof (exists \"List-Id\", exists \"List-Unsubscribe\", exists \"List-Post\")");
        tests.add("not header :is \"Precedence\" [\"bulk\", \"list\", \"junk\"]");
        tests.add("anyof (not exists \"Auto-Submitted\", header :is \"Auto-Submitted\" \"no\")");
        StringBuilder body = new StringBuilder();
        for (String line : v.text().stripTrailing().split("\n", -1)) {
            body.append(line.startsWith(".") ? "." + line : line).append('\n');
        }
        List<String> require = new ArrayList<>(List.of("vacation"));
        if (v.from().isPresent() || v.until().isPresent()) {
            require.addAll(List.of("date", "relational"));
        }
        return "# Managed by Mailwright: `mailwright users vacation` and the users window replace or remove this file.\n"
                + "# The vacation reply of " + address + ", run before the person's own Sieve script (which it never replaces).\n"
                + VACATION_SETTINGS + settingsJson(v) + "\n"
                + "require [" + require.stream().map(r -> "\"" + r + "\"").collect(Collectors.joining(", ")) + "];\n"
                + "if allof (" + String.join(",\n          ", tests) + ") {\n"
                + "  vacation :days " + Vacation.DAYS + " :addresses [" + sieveString(address) + "] :subject " + sieveString(v.subject()) + "\n"
                + "text:\n" + body + ".\n;\n"
                + "}\n";
    }

    /** Starts the comment line of {@link #vacationSieve} that holds the reply's settings as JSON. */
    public static final String VACATION_SETTINGS = "# Mailwright vacation settings: ";

    // Every character above 127 is written as a \\uXXXX escape, so the line is plain ASCII: no byte of it can be
    // read as a line end by Sieve (a hash comment ends at CRLF, RFC 5228 2.3), nor changed by a terminal, an editor or
    // a charset on the way back; JSON's own escapes already cover quotes, backslashes and line breaks (RFC 8259 7).
    private static final JsonMapper JSON = JsonMapper.builder().enable(JsonWriteFeature.ESCAPE_NON_ASCII).build();

    private static String settingsJson(Vacation v) {
        Map<String, String> fields = new LinkedHashMap<>();
        fields.put("subject", v.subject());
        fields.put("text", v.text());
        fields.put("from", v.from().map(LocalDate::toString).orElse(null));
        fields.put("until", v.until().map(LocalDate::toString).orElse(null));
        try {
            return JSON.writeValueAsString(fields);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings is always JSON", e);
        }
    }

    /**
     * Reads the settings line of a script {@link #vacationSieve} wrote: the exact subject, text and dates it was
     * made from.
     *
     * @param line the line starting with {@link #VACATION_SETTINGS}
     * @return the settings; empty when the line is not such a line, not valid JSON, or its values do not make a
     *         {@link Vacation} (a hand-edited line: the caller treats the reply as on with settings unknown)
     */
    public static Optional<Vacation> vacationSettings(String line) {
        if (line == null || !line.startsWith(VACATION_SETTINGS)) {
            return Optional.empty();
        }
        try {
            JsonNode n = JSON.readTree(line.substring(VACATION_SETTINGS.length()));
            if (n == null || !n.isObject() || !n.path("subject").isTextual() || !n.path("text").isTextual()) {
                return Optional.empty();
            }
            return Optional.of(new Vacation(n.get("subject").textValue(), n.get("text").textValue(),
                    date(n.get("from")), date(n.get("until"))));
        } catch (JsonProcessingException | IllegalArgumentException e) {
            return Optional.empty();
        }
    }

    private static Optional<LocalDate> date(JsonNode n) {
        if (n == null || n.isNull()) {
            return Optional.empty();
        }
        if (!n.isTextual()) {
            throw new IllegalArgumentException("not a date");
        }
        return Vacation.date("date", n.textValue());
    }

    /** A Sieve quoted string (RFC 5228 2.4.2): {@code "} and {@code \} escaped with a backslash. */
    static String sieveString(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
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
