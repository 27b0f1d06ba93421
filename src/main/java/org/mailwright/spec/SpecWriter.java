package org.mailwright.spec;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.mailwright.model.QuotaSize;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.MailUser;

/**
 * Writes a {@link ServerSpec} as the YAML {@link SpecReader} reads, with the keys in the README's order: the copy of
 * the spec kept on the server and in its backups (a restore needs it when the person's own file is gone), and the one
 * on the recovery sheet. {@code SpecReader.read(SpecWriter.write(spec))} equals {@code spec}.
 *
 * <p>Unlike {@link SpecEditor}, which edits a person's file in place and keeps its comments, this makes a new file.
 */
public final class SpecWriter {
    private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS));

    private SpecWriter() {
    }

    /** The spec as YAML text (UTF-8, LF line ends), starting with a comment saying where it came from. */
    public static String write(ServerSpec spec, String comment) {
        Map<String, Object> root = new LinkedHashMap<>();
        Map<String, Object> server = new LinkedHashMap<>();
        server.put("host", spec.server().host());
        server.put("port", spec.server().port());
        server.put("user", spec.server().user());
        spec.server().identity().ifPresent(i -> server.put("identity", i));
        root.put("server", server);
        root.put("hostname", spec.hostname());
        root.put("domains", spec.domains());
        root.put("dkim", map("selector", spec.dkim().selector(), "bits", spec.dkim().bits()));
        root.put("users", spec.users().stream().map(SpecWriter::user).toList());
        Map<String, Object> aliases = new LinkedHashMap<>();
        spec.aliases().forEach((a, targets) -> aliases.put(a, targets.size() == 1 ? targets.get(0) : targets));
        root.put("aliases", aliases);
        Map<String, Object> tls = new LinkedHashMap<>();
        tls.put("mode", spec.tls().mode().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        spec.tls().email().ifPresent(v -> tls.put("email", v));
        spec.tls().certPath().ifPresent(v -> tls.put("cert", v));
        spec.tls().keyPath().ifPresent(v -> tls.put("key", v));
        spec.tls().acmeServer().ifPresent(v -> tls.put("acme-server", v));
        spec.tls().acmeCa().ifPresent(v -> tls.put("acme-ca", v));
        root.put("tls", tls);
        root.put("spam", map("reject", spec.spam().reject(), "add-header", spec.spam().addHeader(), "greylist", spec.spam().greylist()));
        Map<String, Object> filters = new LinkedHashMap<>();
        filters.put("dyndns", policy(spec.filters().dyndns()));
        filters.put("rdns", policy(spec.filters().rdns()));
        filters.put("fcrdns", policy(spec.filters().fcrdns()));
        filters.put("senderscore", policy(spec.filters().senderscore()));
        root.put("filters", filters);
        root.put("firewall", map("extra-ports", spec.firewall().extraPorts()));
        spec.rootMail().ifPresent(r -> root.put("root-mail", r));
        Map<String, Object> backup = new LinkedHashMap<>();
        backup.put("daily", spec.backup().daily());
        backup.put("weekly", spec.backup().weekly());
        backup.put("monthly", spec.backup().monthly());
        spec.backup().offsite().ifPresent(o -> backup.put("offsite", o));
        root.put("backup", backup);
        if (!spec.protection().equals(org.mailwright.model.ProtectionSettings.DEFAULT)) {
            var p = spec.protection();
            Map<String, Object> protection = new LinkedHashMap<>();
            protection.put("ssh", p.ssh());
            protection.put("maxretry", p.maxretry());
            protection.put("findtime", org.mailwright.model.ProtectionSettings.text(p.findtimeSeconds()));
            protection.put("bantime", org.mailwright.model.ProtectionSettings.text(p.bantimeSeconds()));
            if (!p.ignore().isEmpty()) {
                protection.put("ignore", p.ignore());
            }
            root.put("protection", protection);
        }
        if (!spec.quotas().isEmpty()) {
            Map<String, Object> quotas = new LinkedHashMap<>();
            spec.quotas().forEach((d, q) -> quotas.put(d, q.dovecot()));
            root.put("quotas", quotas);
        }
        if (!spec.ipv6().equals(ServerSpec.Ipv6Settings.DEFAULT)) {
            root.put("ipv6", map("send", spec.ipv6().send().name().toLowerCase(Locale.ROOT)));
        }
        if (spec.mtaSts().on()) {
            root.put("mta-sts", map("mode", spec.mtaSts().mode().word()));
        }
        spec.relay().ifPresent(r -> {
            Map<String, Object> relay = new LinkedHashMap<>();
            relay.put("host", r.host());
            relay.put("port", r.port());
            relay.put("user", r.user());
            relay.put("password-file", r.passwordFile());
            if (!r.domains().isEmpty()) {
                relay.put("domains", r.domains());
            }
            r.spfInclude().ifPresent(v -> relay.put("spf-include", v));
            root.put("relay", relay);
        });
        spec.dnsProvider().ifPresent(d -> {
            Map<String, Object> dns = new LinkedHashMap<>();
            dns.put("provider", d.provider());
            d.tokenFile().ifPresent(v -> dns.put("token-file", v));
            d.server().ifPresent(v -> dns.put("server", v));
            d.keyFile().ifPresent(v -> dns.put("key-file", v));
            d.keyName().ifPresent(v -> dns.put("key-name", v));
            d.hosting().ifPresent(v -> dns.put("hosting", v));
            d.hostingTokenFile().ifPresent(v -> dns.put("hosting-token-file", v));
            d.tokenKeyring().ifPresent(v -> dns.put("token-keyring", v));
            root.put("dns", dns);
        });
        try {
            StringBuilder out = new StringBuilder();
            comment.lines().forEach(l -> out.append("# ").append(l).append('\n'));
            return out.append(YAML.writeValueAsString(root)).toString();
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a spec of strings, numbers and lists always serialises", e);
        }
    }

    private static Map<String, Object> user(MailUser u) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("address", u.address());
        m.put("password-hash", u.passwordHash());
        if (u.resetPassword()) {
            m.put("reset-password", true);
        }
        u.quota().ifPresent(q -> m.put("quota", q.dovecot()));
        if (u.noQuota()) {
            m.put("quota", QuotaSize.NONE);
        }
        return m;
    }

    private static String policy(ServerSpec.FilterPolicy p) {
        return p.name().toLowerCase(Locale.ROOT);
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) {
            m.put((String) kv[i], kv[i + 1] instanceof List<?> l ? l : kv[i + 1]);
        }
        return m;
    }
}
