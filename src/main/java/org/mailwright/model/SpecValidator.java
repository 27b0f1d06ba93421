package org.mailwright.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.model.ServerSpec.MailUser;
import org.mailwright.model.ServerSpec.TlsMode;

/** Finds every problem in a spec at once, so a person fixes them in one go, before anything reaches a server. */
public final class SpecValidator {
    private static final Pattern SELECTOR = Pattern.compile("[a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?");
    /**
     * The DKIM key sizes offered. 2048 is the default: 1024 is weak by today's standards (RFC 8301 requires at least
     * 1024 and recommends 2048), 4096 makes a TXT record some DNS providers cannot take.
     */
    public static final List<Integer> DKIM_BITS = List.of(1024, 2048, 4096);

    private SpecValidator() {
    }

    /**
     * Every problem of {@code spec}, each with the YAML path it is about ({@code users[0].address},
     * {@code spam}, ...); empty when the spec can be applied. Looks at nothing outside the spec: no file, no server.
     */
    public static List<SpecProblem> validate(ServerSpec spec) {
        List<SpecProblem> p = new ArrayList<>();
        server(spec, p);
        DomainName.problem(spec.hostname()).ifPresent(m -> p.add(new SpecProblem("hostname", m)));
        if (spec.domains().isEmpty()) {
            p.add(new SpecProblem("domains", "list at least one domain to receive mail for"));
        }
        Set<String> domains = new HashSet<>();
        for (int i = 0; i < spec.domains().size(); i++) {
            String d = spec.domains().get(i);
            DomainName.problem(d).ifPresent(m -> p.add(new SpecProblem("domains", m)));
            if (!domains.add(d)) {
                p.add(new SpecProblem("domains", "'" + d + "' is listed twice"));
            }
        }
        dkim(spec, p);
        Set<String> mailboxes = users(spec, domains, p);
        aliases(spec, domains, mailboxes, p);
        backup(spec, p);
        for (String d : spec.quotas().keySet()) {
            if (!domains.contains(d)) {
                p.add(new SpecProblem("quotas." + d, "'" + d + "' is not one of the listed domains " + domains
                        + ": a default quota is for the mailboxes of a domain this server serves"));
            }
        }
        rootMail(spec, domains, mailboxes, p);
        tls(spec, p);
        spam(spec, p);
        spec.relay().ifPresent(r -> relay(r, p));
        spec.dnsProvider().ifPresent(d -> dnsProvider(d, p));
        for (int port : spec.firewall().extraPorts()) {
            if (port < 1 || port > 65535) {
                p.add(new SpecProblem("firewall.extra-ports", port + " is not a TCP port (1-65535)"));
            }
        }
        p.addAll(spec.protection().problems());
        return p;
    }

    private static void server(ServerSpec spec, List<SpecProblem> p) {
        String host = spec.server().host();
        if (host == null || host.isBlank()) {
            p.add(new SpecProblem("server.host", "is empty: give the server's IP address or name"));
        } else if (!isHost(host)) {
            p.add(new SpecProblem("server.host", "'" + host + "' is neither an IP address nor a host name"));
        }
        if (spec.server().port() < 1 || spec.server().port() > 65535) {
            p.add(new SpecProblem("server.port", spec.server().port() + " is not a TCP port (1-65535)"));
        }
        String user = spec.server().user();
        if (!isLinuxUser(user)) {
            p.add(new SpecProblem("server.user", "'" + user + "' is not a Linux user name"));
        }
        spec.server().identity().ifPresent(path -> localPath("server.identity", path, "the private key file", p));
    }

    /** Whether {@code host} can be an SSH server's address: an IP literal, a DNS name, or a single-label name. */
    public static boolean isHost(String host) {
        return host != null && !host.isBlank()
                && (host.matches("[0-9.]+|[0-9a-fA-F:]+") || DomainName.problem(host).isEmpty() || host.matches("[a-zA-Z0-9-]+"));
    }

    /** Whether {@code user} is a valid Linux user name to log in as (useradd's default rule). */
    public static boolean isLinuxUser(String user) {
        return user != null && user.matches("[a-z_][a-z0-9_-]{0,31}");
    }

    /**
     * A file on this computer. A relative path would be looked up from whatever directory mailwright happens to be
     * started in, so it must start at / (or a drive on Windows) or ~/.
     */
    private static void localPath(String key, String path, String what, List<SpecProblem> p) {
        if (hasControl(path)) {
            p.add(new SpecProblem(key, "contains a line break or another control character: give " + what + " as one plain path"));
        } else if (!(path.startsWith("/") || path.startsWith("~/") || path.matches("[A-Za-z]:[\\\\/].*") || path.startsWith("\\\\"))) {
            p.add(new SpecProblem(key, "'" + path + "' is a relative path: give " + what + " from / or ~/ (a relative path "
                    + "would depend on the directory mailwright is started in)"));
        }
    }

    /** A file on the server: the engine quotes it for the shell, but the configs it goes into are line-based. */
    private static void serverPath(String key, String path, String what, List<SpecProblem> p) {
        if (hasControl(path)) {
            p.add(new SpecProblem(key, "contains a line break or another control character: give " + what + " as one plain path"));
        } else if (!path.startsWith("/")) {
            p.add(new SpecProblem(key, "'" + path + "' must be an absolute path on the server (starting with /) to " + what));
        }
    }

    private static boolean hasControl(String s) {
        return s.chars().anyMatch(c -> c < 32 || c == 127);
    }

    private static void dkim(ServerSpec spec, List<SpecProblem> p) {
        p.addAll(dkimProblems(spec.dkim()));
    }

    /** The problems of the DKIM settings alone (key size, selector), for a form that edits only them. */
    public static List<SpecProblem> dkimProblems(ServerSpec.DkimSettings dkim) {
        List<SpecProblem> p = new ArrayList<>();
        if (!DKIM_BITS.contains(dkim.bits())) {
            p.add(new SpecProblem("dkim.bits", dkim.bits() + " is not offered: use 2048 (recommended), 1024 or 4096"));
        }
        if (!SELECTOR.matcher(dkim.selector()).matches()) {
            p.add(new SpecProblem("dkim.selector", "'" + dkim.selector() + "' must be one DNS label: letters, digits, inner hyphens"));
        }
        return p;
    }

    /**
     * The name of a domain's DKIM key record: {@code <selector>._domainkey.<domain>} (RFC 6376 3.6.2.1). The one place
     * that name is spelled, for the records to publish, their check and the messages that name them.
     */
    public static String dkimRecordName(String selector, String domain) {
        return selector + "._domainkey." + domain;
    }

    /**
     * Why {@code address} cannot be made a mailbox ({@code asMailbox}) or an alias, or empty: an address is either a
     * mailbox or an alias, never both (smtpd's virtuals table maps it to vmail or to other addresses, not to both).
     * Asked by the spec check, the wizard's forms and the server's mail tables alike.
     *
     * @param isMailbox whether an address is a mailbox already
     * @param isAlias   whether an address is an alias already
     */
    public static Optional<String> addressTaken(String address, boolean asMailbox, Predicate<String> isMailbox, Predicate<String> isAlias) {
        if (isMailbox.test(address)) {
            return Optional.of(address + (asMailbox ? " is a mailbox already" : " is a mailbox; an address is either a mailbox or an alias"));
        }
        if (isAlias.test(address)) {
            return Optional.of(address + (asMailbox ? " is an alias already; an address is either a mailbox or an alias: remove the alias first"
                    : " is an alias already"));
        }
        return Optional.empty();
    }

    private static Set<String> users(ServerSpec spec, Set<String> domains, List<SpecProblem> p) {
        Set<String> seen = new HashSet<>();
        for (int i = 0; i < spec.users().size(); i++) {
            MailUser u = spec.users().get(i);
            String at = "users[" + i + "]";
            var addressProblem = EmailAddress.ownAddressProblem(u.address());
            if (addressProblem.isPresent()) {
                p.add(new SpecProblem(at + ".address", addressProblem.get()));
                continue;
            }
            if (!domains.contains(u.domain())) {
                p.add(new SpecProblem(at + ".address", "'" + u.address() + "' is not in one of the listed domains " + domains));
            }
            if (!seen.add(u.address())) {
                p.add(new SpecProblem(at + ".address", "'" + u.address() + "' is listed twice"));
            }
            PasswordPolicy.hashProblem(u.passwordHash()).ifPresent(m -> p.add(new SpecProblem(at + ".password-hash", m)));
        }
        return seen;
    }

    private static void aliases(ServerSpec spec, Set<String> domains, Set<String> mailboxes, List<SpecProblem> p) {
        Map<String, List<String>> graph = new HashMap<>();
        for (var e : spec.aliases().entrySet()) {
            String at = "aliases." + e.getKey();
            var keyProblem = EmailAddress.aliasKeyProblem(e.getKey());
            if (keyProblem.isPresent()) {
                p.add(new SpecProblem(at, keyProblem.get()));
                continue;
            }
            if (!domains.contains(EmailAddress.domainOf(e.getKey()))) {
                p.add(new SpecProblem(at, EmailAddress.isCatchAll(e.getKey())
                        ? "'" + e.getKey() + "' is a catch-all for " + EmailAddress.domainOf(e.getKey())
                                + ", which is not one of the listed domains " + domains + ": a catch-all only takes mail of a domain this server serves"
                        : "'" + e.getKey() + "' is not in one of the listed domains " + domains));
            }
            addressTaken(e.getKey(), false, mailboxes::contains, a -> false).ifPresent(m -> p.add(new SpecProblem(at, m)));
            if (e.getValue().isEmpty()) {
                p.add(new SpecProblem(at, "points nowhere: give at least one address"));
            }
            for (String target : e.getValue()) {
                var targetProblem = EmailAddress.problem(target);
                if (targetProblem.isPresent()) {
                    p.add(new SpecProblem(at, "target " + targetProblem.get()));
                } else if (domains.contains(EmailAddress.domainOf(target)) && !mailboxes.contains(target)
                        && !spec.aliases().containsKey(target) && !isRequiredAlias(target)) {
                    p.add(new SpecProblem(at, EmailAddress.danglingTargetProblem(target, x -> mailboxes.contains(x) || spec.aliases().containsKey(x)
                            || isRequiredAlias(x))));
                }
            }
            graph.put(e.getKey(), e.getValue());
        }
        for (String start : graph.keySet()) {
            if (reachesItself(start, graph)) {
                p.add(new SpecProblem("aliases." + start, "is part of a loop of aliases that never reaches a mailbox"));
            }
        }
    }

    /**
     * {@code root-mail}: an address that takes mail. One in our domains must be a mailbox or an alias (else the
     * server's own mail, cron output included, would bounce back to root and be lost); one outside is forwarded.
     */
    private static void rootMail(ServerSpec spec, Set<String> domains, Set<String> mailboxes, List<SpecProblem> p) {
        spec.rootMail().ifPresent(a -> {
            var problem = EmailAddress.problem(a);
            if (problem.isPresent()) {
                p.add(new SpecProblem("root-mail", problem.get()));
            } else if (domains.contains(EmailAddress.domainOf(a)) && !mailboxes.contains(EmailAddress.withoutTag(a))
                    && !spec.aliases().containsKey(EmailAddress.withoutTag(a)) && !isRequiredAlias(a)) {
                p.add(new SpecProblem("root-mail", "'" + a + "' is in a local domain but is neither a mailbox nor an alias: "
                        + "the server's own mail (cron, updates, certificate renewals) would be lost"));
            }
        });
    }

    /** {@code backup}: retention counts restic accepts and an offsite repository restic can reach by itself. */
    private static void backup(ServerSpec spec, List<SpecProblem> p) {
        ServerSpec.BackupSettings b = spec.backup();
        int[] counts = {b.daily(), b.weekly(), b.monthly()};
        String[] keys = {"daily", "weekly", "monthly"};
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] < 0 || counts[i] > 1000) {
                p.add(new SpecProblem("backup." + keys[i], "must be a number of snapshots from 0 to 1000, not " + counts[i]));
            }
        }
        if (b.daily() + b.weekly() + b.monthly() == 0) {
            p.add(new SpecProblem("backup.daily", "keeps no snapshot at all when daily, weekly and monthly are all 0: keep at least daily: 1"));
        }
        b.offsite().ifPresent(o -> {
            if (!ServerSpec.BackupSettings.isRepositoryUrl(o)) {
                p.add(new SpecProblem("backup.offsite", "'" + o + "' is not a restic repository URL another machine can hold: use "
                        + "sftp:user@host:/path, s3:https://host/bucket/path, rest:https://host/path or b2:bucket:path"));
            }
        });
    }

    private static boolean isRequiredAlias(String address) {
        return ServerSpec.REQUIRED_ALIASES.contains(EmailAddress.localPartOf(address));
    }

    private static boolean reachesItself(String start, Map<String, List<String>> graph) {
        List<String> todo = new ArrayList<>(graph.getOrDefault(start, List.of()));
        Set<String> seen = new HashSet<>();
        while (!todo.isEmpty()) {
            String next = todo.remove(todo.size() - 1);
            if (next.equals(start)) {
                return true;
            }
            if (seen.add(next)) {
                todo.addAll(graph.getOrDefault(next, List.of()));
            }
        }
        return false;
    }

    /**
     * {@code relay}: what smtpd.conf and the secrets table can hold. The password file's content is read at apply time
     * (this looks at no file); see {@link #relayPasswordProblem}.
     */
    /**
     * {@code dns}: a known provider with what it needs to log in, and nothing another provider needs: an HTTPS API
     * takes a token file, an RFC 2136 server a TSIG key file and the server's name.
     */
    private static void dnsProvider(ServerSpec.DnsProviderSettings d, List<SpecProblem> p) {
        if (!ServerSpec.DnsProviderSettings.PROVIDERS.contains(d.provider())) {
            p.add(new SpecProblem("dns.provider", "'" + d.provider() + "' is not one of " + String.join(", ", ServerSpec.DnsProviderSettings.PROVIDERS)
                    + ": name the host of your domain's DNS, or use rfc2136 for a server that takes dynamic updates (BIND, Knot, PowerDNS)"));
            return;
        }
        d.hosting().ifPresent(h -> {
            if (!ServerSpec.DnsProviderSettings.HOSTINGS.contains(h)) {
                p.add(new SpecProblem("dns.hosting", "'" + h + "' is not one of " + String.join(", ", ServerSpec.DnsProviderSettings.HOSTINGS)
                        + ": name the provider whose API sets your server's reverse DNS, or leave it out and set it in the provider's panel"));
            } else if (d.hostingToken().isEmpty()) {
                p.add(new SpecProblem("dns.hosting-token-file", "is missing: put the " + h + " API token alone in a file only you can read"
                        + " (chmod 600) and give its path here"));
            }
        });
        d.hostingTokenFile().ifPresent(f -> {
            if (d.hosting().isEmpty()) {
                p.add(new SpecProblem("dns.hosting-token-file", "is for dns.hosting: name the hosting provider too"));
            }
            localPath("dns.hosting-token-file", f, "the file holding the hosting provider's API token", p);
        });
        if (d.isRfc2136()) {
            d.tokenKeyring().ifPresent(t -> p.add(new SpecProblem("dns.token-keyring", "is for the HTTPS providers: an rfc2136 server"
                    + " takes a TSIG key (dns.key-file)")));
            d.tokenFile().ifPresent(t -> p.add(new SpecProblem("dns.token-file", "is for the HTTPS providers: an rfc2136 server takes a"
                    + " TSIG key (dns.key-file)")));
            if (d.server().isEmpty()) {
                p.add(new SpecProblem("dns.server", "is missing: give the primary server of the zone that takes dynamic updates,"
                        + " such as ns1.example.net or 192.0.2.53:5353"));
            } else {
                String server = d.server().get();
                java.util.regex.Matcher m = ServerSpec.DnsProviderSettings.SERVER.matcher(server);
                if (!m.matches() || (m.group(3) != null && (Integer.parseInt(m.group(3)) < 1 || Integer.parseInt(m.group(3)) > 65535))) {
                    p.add(new SpecProblem("dns.server", "'" + server + "' is not HOST or HOST:PORT (an IPv6 address in brackets:"
                            + " [2001:db8::53]:53)"));
                }
            }
            if (d.keyFile().isEmpty()) {
                p.add(new SpecProblem("dns.key-file", "is missing: make a key with tsig-keygen mailwright > FILE (chmod 600), give"
                        + " the server the same key block, and the file's path here"));
            } else {
                localPath("dns.key-file", d.keyFile().get(), "the TSIG key file", p);
            }
            d.keyName().ifPresent(n -> {
                if (!n.matches("[A-Za-z0-9_]([A-Za-z0-9_.-]*[A-Za-z0-9_])?\\.?")) {
                    p.add(new SpecProblem("dns.key-name", "'" + n + "' is not a key name: a DNS name such as mailwright"));
                }
            });
        } else {
            d.server().ifPresent(x -> p.add(new SpecProblem("dns.server", "is for provider rfc2136; " + d.provider() + " is reached at its API")));
            d.keyFile().ifPresent(x -> p.add(new SpecProblem("dns.key-file", "is for provider rfc2136; " + d.provider()
                    + " takes an API token in dns.token-file")));
            d.keyName().ifPresent(x -> p.add(new SpecProblem("dns.key-name", "is for provider rfc2136")));
            if (d.tokenFile().isPresent() && d.tokenKeyring().isPresent()) {
                p.add(new SpecProblem("dns.token-keyring", "and dns.token-file both name the token: keep one of them"));
            } else if (d.tokenFile().isEmpty() && d.tokenKeyring().isEmpty()) {
                p.add(new SpecProblem("dns.token-file", "is missing: put the " + d.provider() + " API token alone in a file only you can"
                        + " read (chmod 600) and give its path here, or keep it in the OS keyring and name the entry in"
                        + " dns.token-keyring (the token never goes in the spec)"));
            } else if (d.tokenFile().isPresent()) {
                localPath("dns.token-file", d.tokenFile().get(), "the file holding the API token", p);
            } else if (!d.tokenKeyring().get().matches("[A-Za-z0-9][A-Za-z0-9._-]{0,63}")) {
                p.add(new SpecProblem("dns.token-keyring", "'" + d.tokenKeyring().get() + "' is not an entry name: one word of letters,"
                        + " digits, '.', '_' and '-', such as cloudflare"));
            }
        }
    }

    private static void relay(ServerSpec.RelaySettings r, List<SpecProblem> p) {
        if (r.host().isBlank()) {
            p.add(new SpecProblem("relay.host", "is missing: give the relay's DNS name, such as smtp.relay.example.net"));
        } else if (r.host().matches("[0-9.]+|.*:.*")) {
            p.add(new SpecProblem("relay.host", "'" + r.host() + "' is an IP address: give the relay's DNS name, which its TLS "
                    + "certificate names (smtpd checks the certificate against it)"));
        } else {
            DomainName.problem(r.host()).ifPresent(m -> p.add(new SpecProblem("relay.host", m)));
        }
        if (r.port() != ServerSpec.RelaySettings.SMTPS && r.port() != ServerSpec.RelaySettings.SUBMISSION) {
            p.add(new SpecProblem("relay.port", r.port() + " is not offered: use 465 (TLS from the first byte) or 587 (STARTTLS);"
                    + " your relay provider's settings page names one of them"));
        }
        if (r.user().isBlank()) {
            p.add(new SpecProblem("relay.user", "is missing: give the login the relay provider gave you"));
        } else if (r.user().contains(":")) {
            // table(5): a secrets line is "label user:password", and smtpd splits it at the first ':'
            p.add(new SpecProblem("relay.user", "contains ':', which OpenSMTPD's secrets table cannot hold (it reads user:password"
                    + " up to the first ':'): ask the relay provider for a login without ':'"));
        } else if (r.user().chars().anyMatch(c -> c <= 32 || c == 127)) {
            p.add(new SpecProblem("relay.user", "contains a space, line break or another control character: give the login as one word"));
        }
        if (r.passwordFile().isBlank()) {
            p.add(new SpecProblem("relay.password-file", "is missing: put the relay password alone in a file only you can read and"
                    + " give its path here (the password never goes in the spec)"));
        } else {
            localPath("relay.password-file", r.passwordFile(), "the file holding the relay password", p);
        }
        Set<String> seen = new HashSet<>();
        for (String d : r.domains()) {
            DomainName.problem(d).ifPresent(m -> p.add(new SpecProblem("relay.domains", m)));
            if (!seen.add(d)) {
                p.add(new SpecProblem("relay.domains", "'" + d + "' is listed twice"));
            }
        }
        r.spfInclude().ifPresent(s -> DomainName.problem(s).ifPresent(m -> p.add(new SpecProblem("relay.spf-include",
                m + " (give the name the relay provider says to include in SPF, such as spf.relay.example.net)"))));
    }

    /**
     * Why {@code password}, read from {@code relay.password-file} (one trailing line break already removed), cannot go into
     * OpenSMTPD's secrets table, or empty. smtpd reads that table a line at a time, strips the line's trailing blanks and
     * refuses an empty password (parse_table_line in util.c, table_parse_lookup in table.c, OpenSMTPD 7.x); a ':' inside
     * the password is fine, as only the first ':' of {@code user:password} splits.
     *
     * @param file the file's path as the person wrote it, for the message
     */
    public static Optional<String> relayPasswordProblem(String file, String password) {
        if (password.isEmpty()) {
            return Optional.of(file + " is empty: put the relay password in it (alone on one line)");
        }
        if (password.contains("\n") || password.contains("\r")) {
            return Optional.of(file + " holds more than one line: put only the relay password in it, on one line");
        }
        if (hasControl(password)) {
            return Optional.of(file + " holds a control character (a tab?): the relay password must be plain text on one line");
        }
        if (!password.equals(password.stripTrailing())) {
            return Optional.of(file + " ends the password with a space, which OpenSMTPD would drop: remove it, or ask the"
                    + " relay provider for another password");
        }
        if (password.length() > 512) {
            return Optional.of(file + " holds " + password.length() + " characters: that is not a password (at most 512)");
        }
        return Optional.empty();
    }

    private static void tls(ServerSpec spec, List<SpecProblem> p) {
        var tls = spec.tls();
        if (tls.mode() == TlsMode.CERTBOT) {
            if (tls.email().isEmpty()) {
                p.add(new SpecProblem("tls.email", "certbot needs an email address for expiry notices"));
            } else {
                EmailAddress.problem(tls.email().get()).ifPresent(m -> p.add(new SpecProblem("tls.email", m)));
            }
            tls.acmeServer().filter(s -> !s.startsWith("https://"))
                    .ifPresent(s -> p.add(new SpecProblem("tls.acme-server", "'" + s + "' must be an https:// ACME directory URL")));
        }
        if (tls.mode() == TlsMode.EXISTING) {
            if (tls.certPath().isEmpty()) {
                p.add(new SpecProblem("tls.cert", "give the path of the certificate chain on the server"));
            }
            if (tls.keyPath().isEmpty()) {
                p.add(new SpecProblem("tls.key", "give the path of the private key on the server"));
            }
        }
        tls.certPath().ifPresent(s -> serverPath("tls.cert", s, "the certificate chain", p));
        tls.keyPath().ifPresent(s -> serverPath("tls.key", s, "the private key", p));
        tls.acmeCa().ifPresent(s -> localPath("tls.acme-ca", s, "the ACME server's CA certificate (PEM)", p));
        if (spec.mtaSts().on() && tls.mode() != TlsMode.CERTBOT) {
            // RFC 8461 section 3.3: senders fetch the policy over HTTPS and require a certificate a public CA issued
            p.add(new SpecProblem("mta-sts.mode", spec.mtaSts().mode().word() + " needs tls.mode: certbot: senders fetch the policy over"
                    + " HTTPS and accept only a certificate from a public CA for mta-sts.DOMAIN (RFC 8461 section 3.3)"));
        }
    }

    private static void spam(ServerSpec spec, List<SpecProblem> p) {
        p.addAll(spamProblems(spec.spam()));
    }

    /**
     * The problems of rspamd's thresholds alone, for a form that edits only them: the scores must rise from greylist
     * (delay and retry) to add-header (deliver to Junk) to reject, and greylisting starts above 0.
     */
    public static List<SpecProblem> spamProblems(ServerSpec.SpamSettings s) {
        List<SpecProblem> p = new ArrayList<>();
        if (!(s.greylist() < s.addHeader() && s.addHeader() < s.reject())) {
            p.add(new SpecProblem("spam", "thresholds must rise: greylist (" + score(s.greylist()) + ") < add-header, the mark as spam score ("
                    + score(s.addHeader()) + ") < reject (" + score(s.reject()) + ")"));
        }
        if (s.greylist() <= 0) {
            p.add(new SpecProblem("spam.greylist", "must be above 0, or every message would be greylisted"));
        }
        return p;
    }

    /** A score as a person wrote it: 6, not 6.0. */
    private static String score(double d) {
        return d == Math.rint(d) ? Long.toString((long) d) : Double.toString(d);
    }
}
