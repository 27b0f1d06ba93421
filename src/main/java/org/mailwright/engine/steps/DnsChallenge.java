package org.mailwright.engine.steps;

import java.io.IOException;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import org.mailwright.dns.publish.TsigKey;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.logging.Secrets;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.remote.LocalPaths;

/**
 * Certificates by the ACME DNS-01 challenge (RFC 8555 section 8.4) instead of HTTP-01, when the spec names an RFC 2136
 * DNS server ({@code dns: { provider: rfc2136 }}): certbot's own {@code dns-rfc2136} plugin from Debian
 * ({@code python3-certbot-dns-rfc2136}) writes the {@code _acme-challenge} TXT record with the spec's TSIG key, so
 * port 80 is never opened, at issuance or renewal, and a mail host behind a provider's firewall still renews.
 *
 * <p>certbot's plugin rather than acme4j on this computer: renewals happen on the server every 60 days without
 * Mailwright, so the server must be able to answer the challenge on its own; certbot already renews there. The key
 * therefore lives on the server, in {@link #CREDENTIALS} (0600 root, a secret file no plan or transcript shows); give
 * it a TSIG key whose BIND {@code update-policy} allows only {@code _acme-challenge} names if the zone's other records
 * must stay out of the server's reach.
 */
public final class DnsChallenge {
    /** certbot's credentials file for the plugin (certbot refuses one that others can read). */
    public static final String CREDENTIALS = "/etc/letsencrypt/mailwright-rfc2136.ini";
    /** Debian's package of the plugin, on both releases. */
    public static final String PACKAGE = "python3-certbot-dns-rfc2136";
    /**
     * Seconds certbot waits after writing the TXT record before asking the CA to look: a primary answers at once, its
     * secondaries within their NOTIFY round; 30 s is the plugin's own cautious middle (its default is 60).
     */
    static final int PROPAGATION_SECONDS = 30;

    private DnsChallenge() {
    }

    /** Whether {@code spec}'s certificate is issued by DNS-01 (certbot mode and an RFC 2136 server in {@code dns:}). */
    public static boolean applies(ServerSpec spec) {
        return spec.tls().mode() == TlsMode.CERTBOT && spec.dnsProvider().filter(ServerSpec.DnsProviderSettings::isRfc2136).isPresent();
    }

    /** certbot's arguments that pick the plugin (in place of {@code --standalone}). */
    static List<String> certbotArgs() {
        return List.of("--authenticator", "dns-rfc2136", "--dns-rfc2136-credentials", CREDENTIALS,
                "--dns-rfc2136-propagation-seconds", Integer.toString(PROPAGATION_SECONDS));
    }

    /**
     * The credentials file's text (the plugin's documented keys), the secret registered with the redaction of logs and
     * the transcript first.
     *
     * @throws StepFailedException when the key file cannot be read or is not a key, or dns.server does not resolve
     *                             from this computer (the plugin needs an address, not a name)
     */
    static String credentials(StepContext ctx, ServerSpec spec) {
        ServerSpec.DnsProviderSettings d = spec.dnsProvider().orElseThrow();
        String file = d.keyFile().orElseThrow();
        TsigKey key;
        try {
            key = TsigKey.parse(Files.readString(LocalPaths.SYSTEM.expandHomePath(file), StandardCharsets.UTF_8), d.keyName(), Optional.empty());
        } catch (IOException | IllegalArgumentException e) {
            throw new StepFailedException(Finding.error("TLS certificate", "cannot read the TSIG key in dns.key-file " + file + ": "
                    + e.getMessage(), "Put the key tsig-keygen made in " + file + " (chmod 600), then run apply again."));
        }
        Secrets.register(key.secret());
        ctx.host().transcript().addSecret(key.secret());
        String server = d.server().orElseThrow();
        String host = server;
        int port = 53;
        int colon = server.lastIndexOf(':');
        if (server.startsWith("[")) {
            host = server.substring(1, server.indexOf(']'));
            port = server.endsWith("]") ? 53 : Integer.parseInt(server.substring(server.indexOf(']') + 2));
        } else if (colon > 0 && server.indexOf(':') == colon) {
            host = server.substring(0, colon);
            port = Integer.parseInt(server.substring(colon + 1));
        }
        String address;
        try {
            address = InetAddress.getByName(host).getHostAddress();
        } catch (UnknownHostException e) {
            throw new StepFailedException(Finding.error("TLS certificate", "dns.server " + host + " does not resolve from this computer",
                    "Give the DNS server's name or address in dns.server, then run apply again."));
        }
        // certbot-dns-rfc2136's documented keys; the algorithm in its upper-case spelling
        return "# Written by Mailwright: certbot answers the DNS-01 challenge with this key (dns.key-file)\n"
                + "dns_rfc2136_server = " + address + "\n"
                + "dns_rfc2136_port = " + port + "\n"
                + "dns_rfc2136_name = " + key.name() + ".\n"
                + "dns_rfc2136_secret = " + key.secret() + "\n"
                + "dns_rfc2136_algorithm = " + key.algorithm().toUpperCase(Locale.ROOT) + "\n";
    }
}
