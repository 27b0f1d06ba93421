package org.mailwright.render;

import java.util.List;
import java.util.Optional;

/**
 * The nginx configuration of the mail host's small HTTPS server: it serves the MTA-STS policy at
 * {@code https://mta-sts.DOMAIN/.well-known/mta-sts.txt} (RFC 8461 section 3.3) and Thunderbird's autoconfig file at
 * {@code https://autoconfig.DOMAIN/mail/config-v1.1.xml}, and nothing else.
 *
 * <p>Hardened: {@code server_tokens off} (no version in headers or error pages), {@code autoindex off}, GET and HEAD
 * only (405 for other methods), 404 for every other path, TLS 1.2 and 1.3 only, and a default server that refuses
 * the TLS handshake for names that are not ours ({@code ssl_reject_handshake}, nginx 1.19.4+; Debian 12 has 1.22,
 * 13 has 1.26), so the certificate is not shown to scanners asking by address. It listens on 443 only: port 80 stays
 * free for certbot's standalone HTTP-01 challenge, and RFC 8461 section 3.3 forbids serving the policy over HTTP or
 * following redirects anyway.
 */
public final class PolicyWebServer {
    private PolicyWebServer() {
    }

    /** Where Mailwright's nginx configuration lives (Debian's nginx.conf includes {@code conf.d/*.conf} in {@code http}). */
    public static final String CONF = "/etc/nginx/conf.d/mailwright-mta-sts.conf";
    /** Debian's default site, which listens on port 80 and would take it from certbot: Mailwright disables it. */
    public static final String DEFAULT_SITE = "/etc/nginx/sites-enabled/default";
    /** The directory served: one folder per domain below it. */
    public static final String ROOT = "/var/www/mailwright";
    /** certbot's name of the certificate of the policy hosts, kept apart from the mail host's certificate. */
    public static final String CERT_NAME = "mailwright-mta-sts";
    /** Thunderbird's autoconfig path on {@code autoconfig.DOMAIN}. */
    public static final String AUTOCONFIG_PATH = "/mail/config-v1.1.xml";

    /** The folder served for {@code domain}. */
    public static String root(String domain) {
        return ROOT + "/" + domain;
    }

    /** The policy file of {@code domain} on the server. */
    public static String policyFile(String domain) {
        return root(domain) + "/.well-known/mta-sts.txt";
    }

    /** The autoconfig file of {@code domain} on the server. */
    public static String autoconfigFile(String domain) {
        return root(domain) + AUTOCONFIG_PATH;
    }

    /** The names a domain's server answers: {@code mta-sts.DOMAIN} and {@code autoconfig.DOMAIN}. */
    public static List<String> names(String domain) {
        return List.of("mta-sts." + domain, "autoconfig." + domain);
    }

    /**
     * A certificate chain and its key, as nginx reads them.
     *
     * @param cert path of the full chain (PEM) on the server
     * @param key  path of its private key
     */
    public record Certificate(String cert, String key) {
        /** certbot's live paths of {@link #CERT_NAME}. */
        public static final Certificate CERTBOT = new Certificate("/etc/letsencrypt/live/" + CERT_NAME + "/fullchain.pem",
                "/etc/letsencrypt/live/" + CERT_NAME + "/privkey.pem");
    }

    /**
     * The configuration for {@code domains}.
     *
     * @param certificate the certificate covering the policy hosts; empty while there is none yet (its names do not
     *                    resolve to the server): then only the refusing default server is written, which needs no
     *                    certificate, and nothing is served
     * @param ipv6        also listen on [::]:443 (the server has IPv6; nginx fails to start on a kernel without it)
     */
    public static String conf(List<String> domains, Optional<Certificate> certificate, boolean ipv6) {
        StringBuilder sb = new StringBuilder();
        sb.append("# ").append(MailLayout.HEADER).append('\n')
                .append("# MTA-STS policy (RFC 8461 3.3) and Thunderbird autoconfig over HTTPS, nothing else.\n\n")
                .append("# names that are not ours: no certificate shown, the handshake is refused\n")
                .append("server {\n")
                .append(listen(ipv6, " default_server"))
                .append("    ssl_reject_handshake on;\n")
                // the protocols are chosen before SNI picks a server: the default server's setting is the one that counts
                .append("    ssl_protocols TLSv1.2 TLSv1.3;\n")
                .append("    server_tokens off;\n")
                .append("    return 404;\n")
                .append("}\n");
        if (certificate.isEmpty()) {
            sb.append("\n# no certificate for the policy hosts yet: the next apply adds them once their names point here\n");
            return sb.toString();
        }
        Certificate c = certificate.get();
        for (String d : domains) {
            sb.append('\n')
                    .append("server {\n")
                    .append(listen(ipv6, ""))
                    .append("    server_name ").append(String.join(" ", names(d))).append(";\n")
                    .append("    ssl_certificate ").append(c.cert()).append(";\n")
                    .append("    ssl_certificate_key ").append(c.key()).append(";\n")
                    .append("    ssl_protocols TLSv1.2 TLSv1.3;\n")
                    .append("    server_tokens off;\n")
                    .append("    autoindex off;\n")
                    .append("    root ").append(root(d)).append(";\n")
                    .append("    if ($request_method !~ ^(GET|HEAD)$) {\n")
                    .append("        return 405;\n")
                    .append("    }\n")
                    .append("    location = /.well-known/mta-sts.txt {\n")
                    // RFC 8461 3.3: text/plain, whatever mime.types says
                    .append("        types { }\n")
                    .append("        default_type text/plain;\n")
                    .append("        try_files $uri =404;\n")
                    .append("    }\n")
                    .append("    location = ").append(AUTOCONFIG_PATH).append(" {\n")
                    .append("        types { }\n")
                    .append("        default_type application/xml;\n")
                    .append("        try_files $uri =404;\n")
                    .append("    }\n")
                    .append("    location / {\n")
                    .append("        return 404;\n")
                    .append("    }\n")
                    .append("}\n");
        }
        return sb.toString();
    }

    private static String listen(boolean ipv6, String extra) {
        return "    listen 443 ssl" + extra + ";\n" + (ipv6 ? "    listen [::]:443 ssl" + extra + ";\n" : "");
    }
}
