package org.mailwright.model;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Everything Mailwright needs to set up one server: how to reach it, its names, its mailboxes and its policies.
 * Built by the spec reader (YAML) or the wizard, checked by {@link SpecValidator} before anything touches a server.
 *
 * @param rootMail spec key {@code root-mail}: the address that receives the server's own mail (see
 *                 {@link #rootMailbox()}); empty for the default
 * @param backup   spec key {@code backup}: how long snapshots are kept and where else they are copied
 * @param quotas   spec key {@code quotas}: domain to the default storage limit of its new mailboxes; a domain not
 *                 listed has none. Written to the server when it has no default for that domain yet; after that the
 *                 server's is the truth ({@code users quota @DOMAIN})
 * @param protection spec key {@code protection}: brute-force protection (fail2ban) on the login ports
 * @param ipv6     spec key {@code ipv6}: whether mail leaves over IPv6 ({@link Ipv6Settings}); {@link Ipv6Settings#DEFAULT}
 *                 when absent
 * @param relay      spec key {@code relay}: the smarthost outgoing mail goes through; empty: mail leaves directly
 * @param mtaSts     spec key {@code mta-sts}: MTA-STS (RFC 8461) and TLS-RPT (RFC 8460) for every domain
 *                   ({@link MtaStsSettings}); {@link MtaStsSettings#DEFAULT} (off) when absent
 * @param dnsProvider spec key {@code dns}: the DNS host's API {@code dns publish} writes the records through; empty: the
 *                    person publishes them
 */
public record ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim,
                         List<MailUser> users, Map<String, List<String>> aliases, TlsSettings tls,
                         SpamSettings spam, FilterSettings filters, FirewallSettings firewall, Optional<String> rootMail,
                         BackupSettings backup, Map<String, QuotaSize> quotas, ProtectionSettings protection, Ipv6Settings ipv6,
                         Optional<RelaySettings> relay, MtaStsSettings mtaSts, Optional<DnsProviderSettings> dnsProvider) {

    public ServerSpec {
        mtaSts = mtaSts == null ? MtaStsSettings.DEFAULT : mtaSts;
        dnsProvider = dnsProvider == null ? Optional.empty() : dnsProvider;
        protection = protection == null ? ProtectionSettings.DEFAULT : protection;
        ipv6 = ipv6 == null ? Ipv6Settings.DEFAULT : ipv6;
        relay = relay == null ? Optional.empty() : relay;
        quotas = quotas == null ? Map.of() : java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(quotas));
        rootMail = rootMail == null ? Optional.empty() : rootMail;
        backup = backup == null ? BackupSettings.DEFAULT : backup;
        domains = List.copyOf(domains);
        users = List.copyOf(users);
        aliases = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(aliases));
    }

    /**
     * The quota a new mailbox {@code user} gets: its own, else its domain's default in this spec, else none.
     *
     * @param serverDefault the domain's default on the server (the truth once it exists), when it has one
     */
    public Optional<QuotaSize> quotaFor(MailUser user, Optional<QuotaSize> serverDefault) {
        if (user.noQuota()) {
            return Optional.empty();
        }
        return user.quota().or(() -> serverDefault).or(() -> Optional.ofNullable(quotas.get(user.domain())));
    }

    /** A spec without {@code root-mail}: the server's own mail goes to {@link #rootMailbox()}'s default. */
    public ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim, List<MailUser> users,
                      Map<String, List<String>> aliases, TlsSettings tls, SpamSettings spam, FilterSettings filters,
                      FirewallSettings firewall) {
        this(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, Optional.empty(), BackupSettings.DEFAULT, Map.of());
    }

    /** A spec with the default brute-force protection and {@code ipv6} settings. */
    public ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim, List<MailUser> users,
                      Map<String, List<String>> aliases, TlsSettings tls, SpamSettings spam, FilterSettings filters,
                      FirewallSettings firewall, Optional<String> rootMail, BackupSettings backup, Map<String, QuotaSize> quotas) {
        this(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, quotas, ProtectionSettings.DEFAULT, Ipv6Settings.DEFAULT, Optional.empty());
    }

    /** A spec with the default {@code ipv6} settings ({@link Ipv6Settings#DEFAULT}). */
    public ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim, List<MailUser> users,
                      Map<String, List<String>> aliases, TlsSettings tls, SpamSettings spam, FilterSettings filters,
                      FirewallSettings firewall, Optional<String> rootMail, BackupSettings backup, Map<String, QuotaSize> quotas,
                      ProtectionSettings protection) {
        this(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, quotas, protection, Ipv6Settings.DEFAULT, Optional.empty());
    }

    /** A spec with the default brute-force protection (spec key {@code protection}). */
    public ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim, List<MailUser> users,
                      Map<String, List<String>> aliases, TlsSettings tls, SpamSettings spam, FilterSettings filters,
                      FirewallSettings firewall, Optional<String> rootMail, BackupSettings backup, Map<String, QuotaSize> quotas,
                      Ipv6Settings ipv6) {
        this(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, quotas, ProtectionSettings.DEFAULT, ipv6, Optional.empty());
    }

    /** A spec without a relay (spec key {@code relay}): outgoing mail leaves directly. */
    public ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim, List<MailUser> users,
                      Map<String, List<String>> aliases, TlsSettings tls, SpamSettings spam, FilterSettings filters,
                      FirewallSettings firewall, Optional<String> rootMail, BackupSettings backup, Map<String, QuotaSize> quotas,
                      ProtectionSettings protection, Ipv6Settings ipv6) {
        this(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, quotas, protection, ipv6, Optional.empty());
    }

    /** A spec with the default brute-force protection and {@code ipv6} settings, and this relay. */
    public ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim, List<MailUser> users,
                      Map<String, List<String>> aliases, TlsSettings tls, SpamSettings spam, FilterSettings filters,
                      FirewallSettings firewall, Optional<String> rootMail, BackupSettings backup, Map<String, QuotaSize> quotas,
                      Optional<RelaySettings> relay) {
        this(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, quotas, ProtectionSettings.DEFAULT, Ipv6Settings.DEFAULT, relay);
    }

    /** A spec without domain quotas (spec key {@code quotas}). */
    public ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim, List<MailUser> users,
                      Map<String, List<String>> aliases, TlsSettings tls, SpamSettings spam, FilterSettings filters,
                      FirewallSettings firewall, Optional<String> rootMail, BackupSettings backup) {
        this(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, Map.of());
    }

    /** A spec with the default backup settings. */
    public ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim, List<MailUser> users,
                      Map<String, List<String>> aliases, TlsSettings tls, SpamSettings spam, FilterSettings filters,
                      FirewallSettings firewall, Optional<String> rootMail) {
        this(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, BackupSettings.DEFAULT, Map.of());
    }

    /** Whether every outgoing message goes through the relay ({@code relay:} without {@code domains}). */
    public boolean relaysAllMail() {
        return relay.filter(RelaySettings::allMail).isPresent();
    }

    /** This spec reaching the server through {@code access} (a restore onto a new server keeps everything else). */
    public ServerSpec withServer(ServerAccess access) {
        return new ServerSpec(access, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, quotas, protection, ipv6, relay,
                mtaSts, dnsProvider);
    }

    /** A spec with every setting but {@code mta-sts} (off) and {@code dns} (the records are published by the person). */
    public ServerSpec(ServerAccess server, String hostname, List<String> domains, DkimSettings dkim, List<MailUser> users,
                      Map<String, List<String>> aliases, TlsSettings tls, SpamSettings spam, FilterSettings filters,
                      FirewallSettings firewall, Optional<String> rootMail, BackupSettings backup, Map<String, QuotaSize> quotas,
                      ProtectionSettings protection, Ipv6Settings ipv6, Optional<RelaySettings> relay) {
        this(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, quotas, protection, ipv6, relay,
                MtaStsSettings.DEFAULT, Optional.empty());
    }

    /** This spec publishing its records through {@code provider} (spec key {@code dns}). */
    public ServerSpec withDnsProvider(Optional<DnsProviderSettings> provider) {
        return new ServerSpec(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, quotas, protection, ipv6,
                relay, mtaSts, provider);
    }

    /** This spec with MTA-STS set to {@code settings} (spec key {@code mta-sts}); everything else kept. */
    public ServerSpec withMtaSts(MtaStsSettings settings) {
        return new ServerSpec(server, hostname, domains, dkim, users, aliases, tls, spam, filters, firewall, rootMail, backup, quotas, protection, ipv6, relay,
                settings, dnsProvider);
    }

    /**
     * Where mail to root and to every other account of the server itself goes (cron output, unattended-upgrades,
     * certbot, smartd, bounces of the server's own mail): spec key {@code root-mail}, else {@code postmaster@} the
     * first domain, which every domain has (RFC 2142) and which ends wherever postmaster's mail ends on the server.
     */
    public String rootMailbox() {
        return rootMail.orElseGet(() -> "postmaster@" + (domains.isEmpty() ? hostname : domains.get(0)));
    }

    /** How to log in. The password, if any, is never part of a spec: it comes from the environment or a prompt. */
    public record ServerAccess(String host, int port, String user, Optional<String> identity) {
    }

    public record DkimSettings(String selector, int bits) {
        public static final DkimSettings DEFAULT = new DkimSettings("dkim", 2048);
    }

    /**
     * A mailbox the spec asks for.
     *
     * @param passwordHash  a bcrypt hash; used when the mailbox is created. Once the mailbox exists on the server, the
     *                      server's password is the truth (changed with {@code users passwd}) and this hash is not
     *                      applied again, unless {@code resetPassword}
     * @param resetPassword true to replace the password on the server with {@code passwordHash} on every apply
     *                      (spec key {@code reset-password}); false by default
     * @param quota         the mailbox's storage limit (spec key {@code quota}), set when the mailbox is made; empty:
     *                      its domain's default ({@code quotas}), else no limit. Once the mailbox exists, the
     *                      server's limit is the truth ({@code users quota} changes it)
     * @param noQuota       {@code quota: none}: no limit, even where its domain has a default; never with a quota
     */
    public record MailUser(String address, String passwordHash, boolean resetPassword, Optional<QuotaSize> quota, boolean noQuota) {
        public MailUser {
            quota = quota == null ? Optional.empty() : quota;
            if (noQuota && quota.isPresent()) {
                throw new IllegalArgumentException("a mailbox has a quota or none, not both");
            }
        }

        /** A mailbox whose hash is used on creation only. */
        public MailUser(String address, String passwordHash) {
            this(address, passwordHash, false, Optional.empty(), false);
        }

        /** A mailbox without a quota of its own (its domain's default applies). */
        public MailUser(String address, String passwordHash, boolean resetPassword) {
            this(address, passwordHash, resetPassword, Optional.empty(), false);
        }

        /** A mailbox with this quota (empty: its domain's default). */
        public MailUser(String address, String passwordHash, boolean resetPassword, Optional<QuotaSize> quota) {
            this(address, passwordHash, resetPassword, quota, false);
        }

        public String domain() {
            return address.substring(address.indexOf('@') + 1);
        }

        public String localPart() {
            return address.substring(0, address.indexOf('@'));
        }
    }

    public enum TlsMode { CERTBOT, SELF_SIGNED, EXISTING }

    /**
     * @param acmeServer another ACME directory than Let's Encrypt's (a test CA)
     * @param acmeCa     path on this machine of the CA certificate of that ACME server's HTTPS endpoint
     */
    public record TlsSettings(TlsMode mode, Optional<String> email, Optional<String> certPath, Optional<String> keyPath,
                              Optional<String> acmeServer, Optional<String> acmeCa) {
    }

    public record SpamSettings(double reject, double addHeader, double greylist) {
        public static final SpamSettings DEFAULT = new SpamSettings(15, 6, 4);
    }

    public enum FilterPolicy { JUNK, REJECT, OFF }

    public record FilterSettings(FilterPolicy dyndns, FilterPolicy rdns, FilterPolicy fcrdns, FilterPolicy senderscore) {
        public static final FilterSettings DEFAULT =
                new FilterSettings(FilterPolicy.JUNK, FilterPolicy.JUNK, FilterPolicy.JUNK, FilterPolicy.JUNK);
    }

    /**
     * The server's backups (restic): every mail server Mailwright sets up gets a daily snapshot; this says how many are
     * kept and where else they go.
     *
     * @param daily   snapshots kept, one per day for this many days (restic {@code forget --keep-daily}); spec key
     *                {@code backup.daily}, 7 by default
     * @param weekly  the last snapshot of this many weeks ({@code --keep-weekly}); {@code backup.weekly}, 4
     * @param monthly the last snapshot of this many months ({@code --keep-monthly}); {@code backup.monthly}, 6
     * @param offsite a second restic repository every snapshot is copied to ({@code restic copy}): {@code sftp:user@host:/path},
     *                {@code s3:https://...}, {@code rest:https://...}, {@code b2:bucket:path}; spec key {@code backup.offsite};
     *                its credentials never go in the spec (see {@code mailwright backup --offsite-env-stdin})
     */
    public record BackupSettings(int daily, int weekly, int monthly, Optional<String> offsite) {
        public static final BackupSettings DEFAULT = new BackupSettings(7, 4, 6, Optional.empty());

        public BackupSettings {
            offsite = offsite == null ? Optional.empty() : offsite;
        }

        /** Restic's repository schemes (restic manual, "Preparing a new repository"); a local path is not offsite. */
        private static final java.util.regex.Pattern URL = java.util.regex.Pattern.compile(
                "(sftp:[^\\s:]+:\\S+|s3:\\S+|rest:https?://\\S+|b2:[^\\s:]+:\\S*|azure:\\S+|gs:\\S+|swift:\\S+|rclone:\\S+)");

        /** Whether {@code location} names a restic repository on another machine (sftp:, s3:, rest:, b2:, ...). */
        public static boolean isRepositoryUrl(String location) {
            return location != null && URL.matcher(location).matches();
        }
    }

    /**
     * Whether mail this server sends may leave over IPv6 (spec key {@code ipv6.send}).
     * <ul>
     * <li>{@code AUTO} (the default): over IPv6 as well, but only while every public IPv6 address of the server has a
     * reverse DNS name (PTR, RFC 3152) that resolves back to it (FCrDNS); otherwise over IPv4 only. Gmail refuses mail
     * over IPv6 from an address without such a PTR ({@code 550-5.7.1 ... IPv6AuthError}, Google's email sender
     * guidelines), and a sending server tries IPv6 first when both it and the receiver have it.
     * <li>{@code OFF}: over IPv4 only, whatever DNS says (for a provider that cannot set an IPv6 PTR at all).
     * </ul>
     * Receiving is not affected: the server listens on its IPv6 addresses either way.
     */
    public enum Ipv6Send { AUTO, OFF }

    /** Spec key {@code ipv6}: {@code ipv6: { send: auto | off }} (see {@link Ipv6Send}). */
    public record Ipv6Settings(Ipv6Send send) {
        public static final Ipv6Settings DEFAULT = new Ipv6Settings(Ipv6Send.AUTO);

        public Ipv6Settings {
            java.util.Objects.requireNonNull(send, "ipv6.send");
        }
    }

    /**
     * The API of the DNS host Mailwright publishes the records through ({@code mailwright dns publish}). Secrets never
     * go in the spec: a token or TSIG key is read from a file on this computer, only when publishing.
     *
     * @param provider  one of {@link #PROVIDERS}; spec key {@code dns.provider}
     * @param tokenFile the HTTPS providers': a file on this computer holding the API token alone; {@code dns.token-file}
     * @param server    {@code rfc2136}: the primary server that takes updates, {@code HOST} or {@code HOST:PORT} (port 53
     *                  by default); {@code dns.server}
     * @param keyFile   {@code rfc2136}: the TSIG key, as {@code tsig-keygen NAME} writes it (or the base64 secret alone);
     *                  {@code dns.key-file}
     * @param keyName   {@code rfc2136}: the key's name, needed only when the key file holds the secret alone; {@code dns.key-name}
     * @param hosting   the hosting provider whose API sets the server's reverse DNS (PTR), one of {@link #HOSTINGS};
     *                  {@code dns.hosting}; empty: the person sets it in the provider's panel
     * @param hostingTokenFile a file holding that provider's API token; {@code dns.hosting-token-file}; may be left out
     *                  when {@code hosting} and {@code provider} are both DigitalOcean (one token, both scopes)
     * @param tokenKeyring the HTTPS providers': the name of the OS keyring entry (service {@code mailwright}) holding the
     *                  API token, instead of {@code token-file}; {@code dns.token-keyring}
     */
    public record DnsProviderSettings(String provider, Optional<String> tokenFile, Optional<String> server, Optional<String> keyFile,
                                      Optional<String> keyName, Optional<String> hosting, Optional<String> hostingTokenFile,
                                      Optional<String> tokenKeyring) {
        /** The hosting providers whose API sets reverse DNS, as {@code dns.hosting} names them. */
        public static final List<String> HOSTINGS = List.of("digitalocean", "hetzner-cloud");

        /** Settings without a hosting provider: the reverse DNS is set by the person. */
        public DnsProviderSettings(String provider, Optional<String> tokenFile, Optional<String> server, Optional<String> keyFile,
                                   Optional<String> keyName) {
            this(provider, tokenFile, server, keyFile, keyName, Optional.empty(), Optional.empty(), Optional.empty());
        }

        /** Settings whose token, if any, is in a file. */
        public DnsProviderSettings(String provider, Optional<String> tokenFile, Optional<String> server, Optional<String> keyFile,
                                   Optional<String> keyName, Optional<String> hosting, Optional<String> hostingTokenFile) {
            this(provider, tokenFile, server, keyFile, keyName, hosting, hostingTokenFile, Optional.empty());
        }

        /** The file holding the hosting provider's token: {@code hostingTokenFile}, else DigitalOcean's DNS token file. */
        public Optional<String> hostingToken() {
            return hostingTokenFile.or(() -> hosting.filter(h -> h.equals(provider) && h.equals("digitalocean")).flatMap(h -> tokenFile));
        }

        /** RFC 2136 dynamic update with TSIG: BIND, Knot, PowerDNS and many hosts. */
        public static final String RFC2136 = "rfc2136";
        /** The providers {@code dns.provider} names, in the order the window offers them. */
        public static final List<String> PROVIDERS = List.of("cloudflare", "desec", "digitalocean", "hetzner", RFC2136);

        public DnsProviderSettings {
            java.util.Objects.requireNonNull(provider, "dns.provider");
            tokenFile = tokenFile == null ? Optional.empty() : tokenFile;
            server = server == null ? Optional.empty() : server;
            keyFile = keyFile == null ? Optional.empty() : keyFile;
            keyName = keyName == null ? Optional.empty() : keyName;
            hosting = hosting == null ? Optional.empty() : hosting;
            hostingTokenFile = hostingTokenFile == null ? Optional.empty() : hostingTokenFile;
            tokenKeyring = tokenKeyring == null ? Optional.empty() : tokenKeyring;
        }

        /**
         * {@code dns.server}'s form: {@code HOST}, {@code HOST:PORT}, {@code [IPv6]} or {@code [IPv6]:PORT}; group 1 is a
         * bracketed address, group 2 a plain host, group 3 the port. The validator, publishing and the DNS-01
         * credentials all read the value through it.
         */
        public static final java.util.regex.Pattern SERVER = java.util.regex.Pattern.compile(
                "(?:\\[([0-9a-fA-F:.]+)]|([^:\\s]+))(?::([0-9]{1,5}))?");

        /** The host of {@code dns.server} (an address without its brackets); empty when there is none or it does not parse. */
        public Optional<String> serverHost() {
            return server.map(SERVER::matcher).filter(java.util.regex.Matcher::matches).map(m -> m.group(1) != null ? m.group(1) : m.group(2));
        }

        /** The port of {@code dns.server}: the one written, else 53. */
        public int serverPort() {
            return server.map(SERVER::matcher).filter(java.util.regex.Matcher::matches).filter(m -> m.group(3) != null)
                    .map(m -> Integer.parseInt(m.group(3))).orElse(53);
        }

        /** Whether this is a TSIG-signed RFC 2136 server rather than an HTTPS API with a token. */
        public boolean isRfc2136() {
            return provider.equals(RFC2136);
        }
    }

    /**
     * The smarthost (relay) outgoing mail goes through, with TLS and a login: for servers whose provider blocks outgoing
     * port 25, or whose address big receivers distrust. Incoming mail is unchanged.
     *
     * @param host         the relay's DNS name (its certificate is checked against it); spec key {@code relay.host}
     * @param port         {@value #SMTPS} (TLS from the first byte) or {@value #SUBMISSION} (STARTTLS, required); see
     *                     {@link #url()}
     * @param user         the login at the relay; never holds ':' (smtpd splits the secrets table's {@code user:password}
     *                     at the first ':', table.c {@code K_CREDENTIALS})
     * @param passwordFile a file on this computer holding the relay password (read at apply time, never stored in the
     *                     spec); spec key {@code relay.password-file}
     * @param domains      recipient domains that go through the relay, lower case; empty: all outgoing mail
     * @param spfInclude   the relay's SPF name (such as {@code spf.relay.example.net}), added to the planned SPF record as
     *                     {@code include:}; spec key {@code relay.spf-include}
     */
    public record RelaySettings(String host, int port, String user, String passwordFile, List<String> domains,
                                Optional<String> spfInclude) {
        /** Port of SMTP over TLS (RFC 8314): {@code smtps://}. */
        public static final int SMTPS = 465;
        /** Port of message submission with STARTTLS (RFC 6409): {@code smtp+tls://}. */
        public static final int SUBMISSION = 587;
        /** The key of the relay's line in the secrets table, and the label in {@link #url()}. */
        public static final String LABEL = "relay";

        public RelaySettings {
            domains = List.copyOf(domains);
            spfInclude = spfInclude == null ? Optional.empty() : spfInclude;
        }

        /**
         * smtpd.conf's relay URL, {@code smtps://relay@HOST:465} or {@code smtp+tls://relay@HOST:587}. The port is always
         * written: smtpd.conf(5) says "unless noted, port defaults to 25", and for {@code smtp+tls} nothing notes
         * otherwise, so {@code smtp+tls://relay@host} would go to port 25.
         */
        public String url() {
            return (port == SMTPS ? "smtps" : "smtp+tls") + "://" + LABEL + "@" + host + ":" + port;
        }

        /** Whether every outgoing message goes through the relay ({@code domains} empty). */
        public boolean allMail() {
            return domains.isEmpty();
        }
    }

    /**
     * The MTA-STS mode (RFC 8461 section 5): what a sending server that fetched the policy does when it cannot deliver
     * over TLS to a valid certificate of an MX the policy names.
     * <ul>
     * <li>{@code OFF} (the default): no MTA-STS or TLS-RPT records, no policy, no web server.</li>
     * <li>{@code TESTING}: policy {@code mode: testing}: senders deliver anyway and report the failure (TLS-RPT,
     * RFC 8460) to postmaster of the domain. Where to start: a mistake costs reports, not mail.</li>
     * <li>{@code ENFORCE}: policy {@code mode: enforce}: senders that support MTA-STS refuse to deliver without valid TLS.
     * {@code check} says when this can be set (every MTA-STS check passes in testing).</li>
     * </ul>
     */
    public enum MtaStsMode {
        OFF, TESTING, ENFORCE;

        /** The word in the spec and in the policy's {@code mode:} line: {@code off}, {@code testing}, {@code enforce}. */
        public String word() {
            return name().toLowerCase(java.util.Locale.ROOT);
        }
    }

    /**
     * Spec key {@code mta-sts}: {@code mta-sts: { mode: off | testing | enforce }} (see {@link MtaStsMode}). When not
     * off, each domain gets the records {@code _mta-sts.DOMAIN} and {@code _smtp._tls.DOMAIN} (TLS-RPT) and the name
     * {@code mta-sts.DOMAIN}, and the mail host serves the policy over HTTPS (port 443) with a certificate for those
     * names.
     */
    public record MtaStsSettings(MtaStsMode mode) {
        public static final MtaStsSettings DEFAULT = new MtaStsSettings(MtaStsMode.OFF);

        public MtaStsSettings {
            java.util.Objects.requireNonNull(mode, "mta-sts.mode");
        }

        /** Whether MTA-STS is on (testing or enforce). */
        public boolean on() {
            return mode != MtaStsMode.OFF;
        }
    }

    public record FirewallSettings(List<Integer> extraPorts) {
        public FirewallSettings {
            extraPorts = List.copyOf(extraPorts);
        }
    }

    /** The addresses every domain must answer (RFC 2142), added pointing at the domain's first user when missing. */
    public static final List<String> REQUIRED_ALIASES = List.of("abuse", "noc", "security", "postmaster", "hostmaster");

    public List<MailUser> usersOf(String domain) {
        return users.stream().filter(u -> u.domain().equals(domain)).toList();
    }
}
