package org.mailwright.spec;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.mailwright.model.DomainName;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.QuotaSize;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.BackupSettings;
import org.mailwright.model.ServerSpec.DkimSettings;
import org.mailwright.model.ServerSpec.FilterPolicy;
import org.mailwright.model.ServerSpec.FilterSettings;
import org.mailwright.model.ServerSpec.FirewallSettings;
import org.mailwright.model.ProtectionSettings;
import org.mailwright.model.ServerSpec.MailUser;
import org.mailwright.model.ServerSpec.RelaySettings;
import org.mailwright.model.ServerSpec.ServerAccess;
import org.mailwright.model.ServerSpec.SpamSettings;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.model.ServerSpec.TlsSettings;
import org.mailwright.model.SpecProblem;
import org.mailwright.model.SpecValidator;
import org.mailwright.model.Words;

/**
 * Reads a server spec from YAML. Unknown keys and wrong types are problems (a typo must not silently fall back to
 * a default), and every problem is collected, with its key path, before the spec is refused.
 */
public final class SpecReader {
    // a key given twice would otherwise silently keep the last value: the same trap as a typo
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()).enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION);

    private final List<SpecProblem> problems = new ArrayList<>();

    private SpecReader() {
    }

    /** The spec, or a {@link SpecException} listing every problem found by reading and by {@link SpecValidator}. */
    public static ServerSpec read(String yaml) {
        SpecReader r = new SpecReader();
        JsonNode root;
        tabIndent(yaml).ifPresent(line -> {
            throw new SpecException(List.of(new SpecProblem("spec", "line " + line + " is indented with a tab; YAML indents with spaces"
                    + " only: replace the tab with spaces")));
        });
        try {
            root = YAML.readTree(yaml);
        } catch (JsonProcessingException e) {
            throw new SpecException(List.of(new SpecProblem("spec", "is not valid YAML " + where(e))));
        }
        if (root == null || !root.isObject()) {
            throw new SpecException(List.of(new SpecProblem("spec", "must be a YAML mapping with server:, hostname:, domains: ...")));
        }
        ServerSpec spec = r.spec(root);
        // the validator's findings too, so the person fixes everything in one go; a key the reader already
        // objected to is not reported twice
        List<SpecProblem> all = new ArrayList<>(r.problems);
        for (SpecProblem p : SpecValidator.validate(spec)) {
            if (r.problems.stream().noneMatch(q -> p.path().equals(q.path()) || p.path().startsWith(q.path() + ".")
                    || p.path().startsWith(q.path() + "["))) {
                all.add(p);
            }
        }
        if (!all.isEmpty()) {
            throw new SpecException(all);
        }
        return spec;
    }

    private ServerSpec spec(JsonNode root) {
        keys(root, "", Set.of("server", "hostname", "domains", "dkim", "users", "aliases", "tls", "spam", "filters", "firewall", "root-mail", "backup", "quotas", "protection", "ipv6", "relay", "mta-sts", "dns"));
        JsonNode s = required(root, "server", "server");
        ServerAccess server = new ServerAccess("", 22, "root", Optional.empty());
        if (s != null && object(s, "server")) {
            keys(s, "server.", Set.of("host", "port", "user", "identity"));
            server = new ServerAccess(text(s, "server.host", "host", null), integer(s, "server.port", "port", 22),
                    text(s, "server.user", "user", "root"), Optional.ofNullable(text(s, "server.identity", "identity", null)));
        }
        String hostname = DomainName.normalize(Optional.ofNullable(text(root, "hostname", "hostname", null)).orElse(""));
        List<String> domains = new ArrayList<>();
        JsonNode d = required(root, "domains", "domains");
        if (d != null && array(d, "domains")) {
            for (int i = 0; i < d.size(); i++) {
                if (d.get(i).isTextual()) {
                    domains.add(DomainName.normalize(d.get(i).asText()));
                } else {
                    problem("domains[" + i + "]", "must be a domain name, not " + kind(d.get(i)));
                }
            }
        }
        return new ServerSpec(server, hostname, domains, dkim(root.get("dkim")), users(root.get("users")),
                aliases(root.get("aliases")), tls(root.get("tls")), spam(root.get("spam")), filters(root.get("filters")),
                firewall(root.get("firewall")), opt(root, "root-mail", "root-mail").map(EmailAddress::normalize), backup(root.get("backup")), quotas(root.get("quotas")),
                protection(root.get("protection")), ipv6(root.get("ipv6")), relay(root.get("relay")), mtaSts(root.get("mta-sts")), dns(root.get("dns")));
    }

    /**
     * {@code mta-sts: { mode: off | testing | enforce }}; absent: {@link ServerSpec.MtaStsSettings#DEFAULT} (off). YAML 1.1
     * reads a bare {@code off} as the boolean false, which is taken as {@code off}; any other value is refused by its key
     * path before anything is sent.
     */
    private ServerSpec.MtaStsSettings mtaSts(JsonNode n) {
        if (n == null || !object(n, "mta-sts")) {
            return ServerSpec.MtaStsSettings.DEFAULT;
        }
        keys(n, "mta-sts.", Set.of("mode"));
        if (n.has("mode") && n.get("mode").isBoolean() && !n.get("mode").asBoolean()) {
            return ServerSpec.MtaStsSettings.DEFAULT;
        }
        String v = n.has("mode") && n.get("mode").isBoolean() ? "on" : text(n, "mta-sts.mode", "mode", "off");
        return switch (v == null ? "" : v) {
            case "off" -> ServerSpec.MtaStsSettings.DEFAULT;
            case "testing" -> new ServerSpec.MtaStsSettings(ServerSpec.MtaStsMode.TESTING);
            case "enforce" -> new ServerSpec.MtaStsSettings(ServerSpec.MtaStsMode.ENFORCE);
            default -> {
                problem("mta-sts.mode", "'" + v + "' is not one of off, testing, enforce: start with testing (senders report TLS"
                        + " problems but still deliver), then enforce once check says every MTA-STS check passes");
                yield ServerSpec.MtaStsSettings.DEFAULT;
            }
        };
    }

    /** {@code ipv6: { send: auto | off }}; absent: {@link ServerSpec.Ipv6Settings#DEFAULT}. */
    private ServerSpec.Ipv6Settings ipv6(JsonNode n) {
        if (n == null || !object(n, "ipv6")) {
            return ServerSpec.Ipv6Settings.DEFAULT;
        }
        keys(n, "ipv6.", Set.of("send"));
        // YAML 1.1 reads a bare `off` as the boolean false
        if (n.has("send") && n.get("send").isBoolean() && !n.get("send").asBoolean()) {
            return new ServerSpec.Ipv6Settings(ServerSpec.Ipv6Send.OFF);
        }
        // and yes, on, true as true: there is no "always", since IPv6 mail without a confirmed PTR is refused by Gmail
        String v = n.has("send") && n.get("send").isBoolean() ? "on" : text(n, "ipv6.send", "send", "auto");
        return switch (v == null ? "" : v) {
            case "auto" -> new ServerSpec.Ipv6Settings(ServerSpec.Ipv6Send.AUTO);
            case "off" -> new ServerSpec.Ipv6Settings(ServerSpec.Ipv6Send.OFF);
            default -> {
                problem("ipv6.send", "'" + v + "' is not one of auto, off: write auto to send over IPv6 while the reverse DNS of the"
                        + " server's IPv6 address is forward-confirmed (else over IPv4), or off to send over IPv4 only");
                yield ServerSpec.Ipv6Settings.DEFAULT;
            }
        };
    }

    /**
     * {@code relay: { host, port, user, password-file, domains, spf-include }}: the smarthost. A {@code password} key is
     * refused with its own message: the password lives in a file, never in the spec.
     */
    private Optional<RelaySettings> relay(JsonNode n) {
        if (n == null || n.isNull() || !object(n, "relay")) {
            return Optional.empty();
        }
        Set<String> allowed = Set.of("host", "port", "user", "password-file", "domains", "spf-include");
        if (n.has("password")) {
            problem("relay.password", "a password never goes in the spec in clear: put it alone in a file only you can read"
                    + " (chmod 600) and give that file's path as relay.password-file");
        }
        keys(((com.fasterxml.jackson.databind.node.ObjectNode) n.deepCopy()).without("password"), "relay.", allowed);
        List<String> domains = new ArrayList<>();
        JsonNode d = n.get("domains");
        if (d != null && !d.isNull() && array(d, "relay.domains")) {
            for (int i = 0; i < d.size(); i++) {
                if (d.get(i).isTextual()) {
                    domains.add(DomainName.normalize(d.get(i).asText()));
                } else {
                    problem("relay.domains[" + i + "]", "must be a domain name, not " + kind(d.get(i)));
                }
            }
        }
        if (n.get("port") == null || n.get("port").isNull()) {
            problem("relay.port", "is missing: give 465 (TLS from the first byte) or 587 (STARTTLS), as the relay provider says");
        }
        return Optional.of(new RelaySettings(DomainName.normalize(Optional.ofNullable(text(n, "relay.host", "host", null)).orElse("")),
                integer(n, "relay.port", "port", RelaySettings.SUBMISSION), Optional.ofNullable(text(n, "relay.user", "user", null)).orElse(""),
                Optional.ofNullable(text(n, "relay.password-file", "password-file", null)).orElse(""), domains,
                opt(n, "relay.spf-include", "spf-include").map(DomainName::normalize)));
    }

    /**
     * {@code dns: { provider, token-file | server, key-file, key-name }}: the DNS host's API {@code dns publish} uses. A
     * {@code token}, {@code secret} or {@code key} key is refused with its own message: secrets live in files.
     */
    private Optional<ServerSpec.DnsProviderSettings> dns(JsonNode n) {
        if (n == null || n.isNull() || !object(n, "dns")) {
            return Optional.empty();
        }
        com.fasterxml.jackson.databind.node.ObjectNode rest = (com.fasterxml.jackson.databind.node.ObjectNode) n.deepCopy();
        for (String secret : List.of("token", "secret", "key")) {
            if (n.has(secret)) {
                problem("dns." + secret, "a " + (secret.equals("token") ? "token" : "key") + " never goes in the spec in clear: put it"
                        + " alone in a file only you can read (chmod 600) and give that file's path as dns." + (secret.equals("token")
                        ? "token-file" : "key-file"));
                rest.remove(secret);
            }
        }
        keys(rest, "dns.", Set.of("provider", "token-file", "server", "key-file", "key-name", "hosting", "hosting-token-file", "token-keyring"));
        String provider = text(n, "dns.provider", "provider", null);
        if (provider == null) {
            problem("dns.provider", "is missing: one of " + String.join(", ", ServerSpec.DnsProviderSettings.PROVIDERS));
            return Optional.empty();
        }
        return Optional.of(new ServerSpec.DnsProviderSettings(provider.toLowerCase(java.util.Locale.ROOT),
                opt(n, "dns.token-file", "token-file"), opt(n, "dns.server", "server"), opt(n, "dns.key-file", "key-file"),
                opt(n, "dns.key-name", "key-name"), opt(n, "dns.hosting", "hosting").map(h -> h.toLowerCase(java.util.Locale.ROOT)),
                opt(n, "dns.hosting-token-file", "hosting-token-file"), opt(n, "dns.token-keyring", "token-keyring")));
    }

    /** {@code quotas: { example.com: 2G }}: each domain's default mailbox quota. */
    private Map<String, QuotaSize> quotas(JsonNode n) {
        Map<String, QuotaSize> out = new LinkedHashMap<>();
        if (n == null || !object(n, "quotas")) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            quota(e.getValue(), "quotas." + e.getKey()).ifPresent(q -> out.put(DomainName.normalize(e.getKey()), q));
        }
        return out;
    }

    /** A size such as 2G ({@link QuotaSize#parse}); a problem at {@code path} otherwise. */
    private Optional<QuotaSize> quota(JsonNode v, String path) {
        if (v == null || v.isNull()) {
            return Optional.empty();
        }
        if (!v.isTextual()) {
            problem(path, "must be a size with a unit, such as 500M or 2G" + (path.startsWith("users[") ? ", or none" : "") + ", not " + kind(v));
            return Optional.empty();
        }
        try {
            return Optional.of(QuotaSize.parse(path, v.asText()));
        } catch (IllegalArgumentException e) {
            problem(path, e.getMessage().substring(path.length() + 2) + (path.startsWith("users[") ? ", or none for no limit" : ""));
            return Optional.empty();
        }
    }

    private DkimSettings dkim(JsonNode n) {
        if (n == null || !object(n, "dkim")) {
            return DkimSettings.DEFAULT;
        }
        keys(n, "dkim.", Set.of("selector", "bits"));
        return new DkimSettings(text(n, "dkim.selector", "selector", "dkim").toLowerCase(Locale.ROOT), integer(n, "dkim.bits", "bits", DkimSettings.DEFAULT.bits()));
    }

    private List<MailUser> users(JsonNode n) {
        List<MailUser> users = new ArrayList<>();
        if (n == null || !array(n, "users")) {
            return users;
        }
        for (int i = 0; i < n.size(); i++) {
            String at = "users[" + i + "]";
            JsonNode u = n.get(i);
            if (!object(u, at)) {
                continue;
            }
            keys(u, at + ".", Set.of("address", "password-hash", "reset-password", "quota"));
            String address = text(u, at + ".address", "address", "");
            String hash = text(u, at + ".password-hash", "password-hash", "");
            boolean reset = bool(u, at + ".reset-password", "reset-password", false);
            JsonNode q = u.get("quota");
            boolean none = q != null && q.isTextual() && q.asText().strip().equalsIgnoreCase(QuotaSize.NONE);
            Optional<QuotaSize> quota = none ? Optional.empty() : quota(q, at + ".quota");
            users.add(new MailUser(EmailAddress.normalize(address == null ? "" : address), hash, reset, quota, none));
        }
        return users;
    }

    private Map<String, List<String>> aliases(JsonNode n) {
        Map<String, List<String>> out = new LinkedHashMap<>();
        if (n == null || !object(n, "aliases")) {
            return out;
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = n.fields(); it.hasNext(); ) {
            var e = it.next();
            String key = EmailAddress.normalize(e.getKey());
            List<String> targets = new ArrayList<>();
            if (e.getValue().isTextual()) {
                for (String t : e.getValue().asText().split(",")) {
                    if (!t.isBlank()) {
                        targets.add(EmailAddress.normalize(t));
                    }
                }
            } else if (e.getValue().isArray()) {
                e.getValue().forEach(t -> targets.add(EmailAddress.normalize(t.asText())));
            } else {
                problem("aliases." + e.getKey(), "must be an address or a list of addresses");
            }
            out.put(key, targets);
        }
        return out;
    }

    private TlsSettings tls(JsonNode n) {
        if (n == null) {
            problem("tls", "is missing: choose mode certbot (with email), self-signed, or existing (with cert and key)");
            return new TlsSettings(TlsMode.SELF_SIGNED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        if (!object(n, "tls")) {
            return new TlsSettings(TlsMode.SELF_SIGNED, Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty(), Optional.empty());
        }
        keys(n, "tls.", Set.of("mode", "email", "cert", "key", "acme-server", "acme-ca"));
        String mode = text(n, "tls.mode", "mode", "certbot");
        TlsMode m = switch (mode == null ? "" : mode) {
            case "certbot" -> TlsMode.CERTBOT;
            case "self-signed" -> TlsMode.SELF_SIGNED;
            case "existing" -> TlsMode.EXISTING;
            default -> {
                problem("tls.mode", "'" + mode + "' is not one of certbot, self-signed, existing");
                yield TlsMode.SELF_SIGNED;
            }
        };
        return new TlsSettings(m, opt(n, "tls.email", "email"), opt(n, "tls.cert", "cert"), opt(n, "tls.key", "key"),
                opt(n, "tls.acme-server", "acme-server"), opt(n, "tls.acme-ca", "acme-ca"));
    }

    private SpamSettings spam(JsonNode n) {
        if (n == null || !object(n, "spam")) {
            return SpamSettings.DEFAULT;
        }
        keys(n, "spam.", Set.of("reject", "add-header", "greylist"));
        return new SpamSettings(number(n, "spam.reject", "reject", SpamSettings.DEFAULT.reject()), number(n, "spam.add-header", "add-header", SpamSettings.DEFAULT.addHeader()),
                number(n, "spam.greylist", "greylist", SpamSettings.DEFAULT.greylist()));
    }

    private FilterSettings filters(JsonNode n) {
        if (n == null || !object(n, "filters")) {
            return FilterSettings.DEFAULT;
        }
        keys(n, "filters.", Set.of("dyndns", "rdns", "fcrdns", "senderscore"));
        return new FilterSettings(policy(n, "dyndns"), policy(n, "rdns"), policy(n, "fcrdns"), policy(n, "senderscore"));
    }

    private FilterPolicy policy(JsonNode n, String key) {
        // YAML 1.1 reads a bare `off` as the boolean false
        if (n.has(key) && n.get(key).isBoolean() && !n.get(key).asBoolean()) {
            return FilterPolicy.OFF;
        }
        String v = text(n, "filters." + key, key, "junk");
        return switch (v == null ? "" : v) {
            case "junk" -> FilterPolicy.JUNK;
            case "reject" -> FilterPolicy.REJECT;
            case "off" -> FilterPolicy.OFF;
            default -> {
                problem("filters." + key, "'" + v + "' is not one of junk, reject, off");
                yield FilterPolicy.JUNK;
            }
        };
    }

    private BackupSettings backup(JsonNode n) {
        if (n == null || !object(n, "backup")) {
            return BackupSettings.DEFAULT;
        }
        keys(n, "backup.", Set.of("daily", "weekly", "monthly", "offsite"));
        BackupSettings d = BackupSettings.DEFAULT;
        return new BackupSettings(integer(n, "backup.daily", "daily", d.daily()), integer(n, "backup.weekly", "weekly", d.weekly()),
                integer(n, "backup.monthly", "monthly", d.monthly()), opt(n, "backup.offsite", "offsite"));
    }

    /** {@code protection: { ssh: false, maxretry: 5, findtime: 10m, bantime: 1h, ignore: [203.0.113.7] }}. */
    private ProtectionSettings protection(JsonNode n) {
        ProtectionSettings d = ProtectionSettings.DEFAULT;
        if (n == null || !object(n, "protection")) {
            return d;
        }
        keys(n, "protection.", Set.of("ssh", "maxretry", "findtime", "bantime", "ignore"));
        List<String> ignore = new ArrayList<>();
        JsonNode i = n.get("ignore");
        if (i != null && array(i, "protection.ignore")) {
            for (int k = 0; k < i.size(); k++) {
                if (i.get(k).isTextual()) {
                    ignore.add(i.get(k).asText().strip());
                } else {
                    problem("protection.ignore[" + k + "]", "must be an IP address or network in quotes or plain, not " + kind(i.get(k)));
                }
            }
        }
        return new ProtectionSettings(bool(n, "protection.ssh", "ssh", d.ssh()), integer(n, "protection.maxretry", "maxretry", d.maxretry()),
                duration(n, "findtime", d.findtimeSeconds()), duration(n, "bantime", d.bantimeSeconds()), ignore);
    }

    private long duration(JsonNode n, String key, long fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        try {
            return ProtectionSettings.seconds("protection." + key, v.isTextual() ? v.asText() : v.toString());
        } catch (IllegalArgumentException e) {
            problem("protection." + key, e.getMessage().substring(("protection." + key).length() + 2));
            return fallback;
        }
    }

    private FirewallSettings firewall(JsonNode n) {
        List<Integer> ports = new ArrayList<>();
        if (n == null || !object(n, "firewall")) {
            return new FirewallSettings(ports);
        }
        keys(n, "firewall.", Set.of("extra-ports"));
        JsonNode p = n.get("extra-ports");
        if (p != null && array(p, "firewall.extra-ports")) {
            for (int i = 0; i < p.size(); i++) {
                if (p.get(i).canConvertToInt() && p.get(i).isIntegralNumber()) {
                    ports.add(p.get(i).asInt());
                } else {
                    problem("firewall.extra-ports[" + i + "]", "must be a port number (1-65535), not " + kind(p.get(i)));
                }
            }
        }
        return new FirewallSettings(ports);
    }

    /** The first line (from 1) whose indentation holds a tab, which YAML forbids (YAML 1.2, 6.1). */
    static Optional<Integer> tabIndent(String yaml) {
        String[] lines = yaml.split("\n", -1);
        for (int i = 0; i < lines.length; i++) {
            String l = lines[i];
            int j = 0;
            while (j < l.length() && (l.charAt(j) == ' ' || l.charAt(j) == '\t')) {
                j++;
            }
            // SnakeYAML refuses a tab there even before a comment
            if (l.substring(0, j).indexOf('\t') >= 0 && j < l.length()) {
                return Optional.of(i + 1);
            }
        }
        return Optional.empty();
    }

    /**
     * "at line 3, column 7: PROBLEM", one place and the parser's own sentence: Jackson's message repeats SnakeYAML's
     * with a second, differently counted line number.
     */
    private static String where(JsonProcessingException e) {
        Throwable c = e.getCause();
        if (c instanceof org.yaml.snakeyaml.error.MarkedYAMLException m && m.getProblemMark() != null) {
            var mark = m.getProblemMark();
            String problem = m.getProblem() == null ? "" : m.getProblem();
            String context = m.getContext() == null ? "" : " (" + m.getContext() + ")";
            return "at line " + (mark.getLine() + 1) + ", column " + (mark.getColumn() + 1) + ": " + problem + context;
        }
        String where = e.getLocation() == null ? "" : "at line " + e.getLocation().getLineNr() + ": ";
        return where + e.getOriginalMessage().lines().findFirst().orElse("");
    }

    // --- typed access that records problems instead of failing on the first one

    private void problem(String path, String message) {
        problems.add(new SpecProblem(path, message));
    }

    private void keys(JsonNode n, String prefix, Set<String> allowed) {
        n.fieldNames().forEachRemaining(k -> {
            if (!allowed.contains(k)) {
                String hint = Words.closest(k, allowed).map(c -> "did you mean " + c + "? ").orElse("");
                problem(prefix + k, "unknown key (" + hint + "allowed here: " + String.join(", ", new java.util.TreeSet<>(allowed)) + ")");
            }
        });
    }

    private JsonNode required(JsonNode n, String key, String path) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            problem(path, "is missing");
            return null;
        }
        return v;
    }

    private boolean object(JsonNode n, String path) {
        if (!n.isObject()) {
            problem(path, "must be a mapping (key: value lines), not " + kind(n));
            return false;
        }
        return true;
    }

    private boolean array(JsonNode n, String path) {
        if (!n.isArray()) {
            problem(path, "must be a list ([a, b] or '- a' lines), not " + kind(n));
            return false;
        }
        return true;
    }

    private String text(JsonNode n, String path, String key, String fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isTextual() && !v.isNumber()) {
            problem(path, "must be text, not " + kind(v));
            return fallback;
        }
        return v.asText();
    }

    private Optional<String> opt(JsonNode n, String path, String key) {
        return Optional.ofNullable(text(n, path, key, null)).filter(s -> !s.isBlank());
    }

    private int integer(JsonNode n, String path, String key, int fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (v.isIntegralNumber() && !v.canConvertToInt()) {
            problem(path, v.asText() + " is far too large");
            return fallback;
        }
        if (!v.isIntegralNumber()) {
            problem(path, "must be a whole number, not " + kind(v));
            return fallback;
        }
        return v.asInt();
    }

    private boolean bool(JsonNode n, String path, String key, boolean fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isBoolean()) {
            problem(path, "must be true or false, not " + kind(v));
            return fallback;
        }
        return v.asBoolean();
    }

    private double number(JsonNode n, String path, String key, double fallback) {
        JsonNode v = n.get(key);
        if (v == null || v.isNull()) {
            return fallback;
        }
        if (!v.isNumber()) {
            problem(path, "must be a number, not " + kind(v));
            return fallback;
        }
        return v.asDouble();
    }

    private static String kind(JsonNode v) {
        if (v.isTextual()) {
            return "text '" + v.asText() + "'";
        }
        return v.isArray() ? "a list" : v.isObject() ? "a mapping" : v.isBoolean() ? "true/false"
                : v.isNumber() ? "the number " + v.asText() : "nothing";
    }
}
