package org.mailwright.engine.steps;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import org.mailwright.dns.publish.TsigKey;
import org.mailwright.engine.DnsSecrets;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.logging.Secrets;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.render.Template;

/**
 * Certificates by the ACME DNS-01 challenge (RFC 8555 section 8.4) instead of HTTP-01, whenever the spec names a DNS
 * provider ({@code dns:}): port 80 is never opened, at issuance or renewal, and a mail host behind a provider's firewall
 * still renews.
 *
 * <ul>
 *   <li>{@code rfc2136}, {@code cloudflare}, {@code digitalocean}: certbot's own plugins from Debian
 *       ({@code python3-certbot-dns-*}), with their documented credentials files.</li>
 *   <li>{@code desec}, {@code hetzner}: Debian has no plugin, so certbot's {@code --manual} mode runs
 *       {@link #HOOK} (Python's standard library only; certbot already needs python3) as its auth and cleanup
 *       hook, which writes and removes the {@code _acme-challenge} TXT record through the provider's API.</li>
 * </ul>
 *
 * <p>certbot on the server rather than acme4j on this computer: renewals happen there every 60 days without Mailwright,
 * so the server must answer the challenge on its own. The token or key therefore lives on the server, in
 * {@link #credentialsPath} (0600 root, a secret file no plan or transcript shows); give it the narrowest rights the
 * provider offers (a TSIG key that may change only TXT records, a token for one zone).
 */
public final class DnsChallenge {
    /** Debian's package of certbot's plugin, per provider that has one (on both releases). */
    static final Map<String, String> PACKAGES = Map.of("rfc2136", "python3-certbot-dns-rfc2136",
            "cloudflare", "python3-certbot-dns-cloudflare", "digitalocean", "python3-certbot-dns-digitalocean");
    /** Where Mailwright's own programs on the server live. */
    static final String HOOK_DIR = "/usr/local/lib/mailwright";
    /** The hook for the providers without a plugin. */
    public static final String HOOK = HOOK_DIR + "/acme-dns-hook";
    /**
     * Seconds to wait after writing the TXT record before the CA looks: a primary answers at once, anycast providers
     * within a minute.
     */
    static final int PROPAGATION_SECONDS = 30;

    private DnsChallenge() {
    }

    /** Whether {@code spec}'s certificates are issued by DNS-01 (certbot mode and a DNS provider in {@code dns:}). */
    public static boolean applies(ServerSpec spec) {
        return spec.tls().mode() == TlsMode.CERTBOT && spec.dnsProvider().isPresent();
    }

    private static String provider(ServerSpec spec) {
        return spec.dnsProvider().orElseThrow().provider();
    }

    /** The credentials file on the server: {@code /etc/letsencrypt/mailwright-PROVIDER.ini}. */
    public static String credentialsPath(ServerSpec spec) {
        return "/etc/letsencrypt/mailwright-" + provider(spec) + ".ini";
    }

    /** The Debian package of the provider's certbot plugin; empty for a provider answered by {@link #HOOK}. */
    static Optional<String> pluginPackage(ServerSpec spec) {
        return Optional.ofNullable(PACKAGES.get(provider(spec)));
    }

    /** certbot's arguments that pick the challenge (in place of {@code --standalone}). */
    static List<String> certbotArgs(ServerSpec spec) {
        String p = provider(spec);
        if (PACKAGES.containsKey(p)) {
            return List.of("--authenticator", "dns-" + p, "--dns-" + p + "-credentials", credentialsPath(spec),
                    "--dns-" + p + "-propagation-seconds", Integer.toString(PROPAGATION_SECONDS));
        }
        return List.of("--manual", "--preferred-challenges", "dns", "--manual-auth-hook", HOOK + " auth",
                "--manual-cleanup-hook", HOOK + " cleanup");
    }

    /** The hook script for a provider without a plugin, reading {@code spec}'s credentials file; empty otherwise. */
    static Optional<String> hook(ServerSpec spec) {
        return pluginPackage(spec).isPresent() ? Optional.empty()
                : Optional.of(Template.render("acme-dns-hook.py", Map.of("config", credentialsPath(spec))));
    }

    /**
     * The credentials file's text (each plugin's documented keys; for the hook: provider and token), the secret
     * registered with the redaction of logs and the transcript first.
     *
     * @throws StepFailedException when the token or key cannot be read, or dns.server does not resolve from this
     *                             computer (the rfc2136 plugin needs an address, not a name)
     */
    static String credentials(StepContext ctx, ServerSpec spec) {
        ServerSpec.DnsProviderSettings d = spec.dnsProvider().orElseThrow();
        String head = "# Written by Mailwright: certbot answers the DNS-01 challenge with this token or key\n";
        try {
            if (d.isRfc2136()) {
                TsigKey key = DnsSecrets.tsigKey(d);
                register(ctx, key.secret());
                return head + "dns_rfc2136_server = " + address(d.serverHost().orElseThrow()) + "\n"
                        + "dns_rfc2136_port = " + d.serverPort() + "\n"
                        + "dns_rfc2136_name = " + key.name() + ".\n"
                        + "dns_rfc2136_secret = " + key.secret() + "\n"
                        + "dns_rfc2136_algorithm = " + key.algorithm().toUpperCase(Locale.ROOT) + "\n";
            }
            String token = DnsSecrets.token(d);
            register(ctx, token);
            return switch (d.provider()) {
                case "cloudflare" -> head + "dns_cloudflare_api_token = " + token + "\n";
                case "digitalocean" -> head + "dns_digitalocean_token = " + token + "\n";
                default -> head + "provider = " + d.provider() + "\ntoken = " + token + "\npropagation = " + PROPAGATION_SECONDS + "\n";
            };
        } catch (IllegalArgumentException e) {
            throw new StepFailedException(Finding.error("TLS certificate", "cannot read the DNS provider's secret: " + e.getMessage(),
                    "Fix the DNS provider's token or key as the message says, then run apply again."));
        }
    }

    private static void register(StepContext ctx, String secret) {
        Secrets.register(secret);
        ctx.host().transcript().addSecret(secret);
    }

    /** The plugin needs an address, not a name. */
    private static String address(String host) {
        try {
            return InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new IllegalArgumentException("dns.server " + host + " does not resolve from this computer");
        }
    }
}
