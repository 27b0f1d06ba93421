package org.mailwright.engine.steps;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * certbot's failure turned into a sentence and the fix that matches its cause. certbot prints Python exceptions
 * ({@code requests.exceptions.ConnectionError: HTTPSConnectionPool(...): Max retries exceeded ... Failed to resolve
 * 'acme-v02.api.letsencrypt.org'}) and the CA's RFC 8555 problem types ({@code urn:ietf:params:acme:error:dns}, or
 * {@code Type: dns} in certbot 2's summary); one class reads them so the CLI and the window say the same thing.
 * The causes differ in where they are fixed: the server's own resolver or outgoing HTTPS (it cannot reach the ACME
 * server), the DNS records or port 80 (the CA cannot reach the server), a CAA record, or a rate limit to wait out.
 *
 * @param message what went wrong, for a person; certbot's raw words only when the cause is not one we know
 * @param fix     what to do, ending in "run apply again" (the CLI's words; the window says its own)
 */
public record CertbotFailure(String message, String fix) {
    private static final String RETRY = "then run apply again: it retries certbot and switches the mail services to the new certificate.";
    private static final Pattern RESOLVE = Pattern.compile(
            "Failed to resolve '([^']+)'|Temporary failure in name resolution|Name or service not known|No address associated with hostname");
    private static final Pattern REFUSED = Pattern.compile("Connection refused|ConnectionRefusedError");
    private static final Pattern TIMEOUT = Pattern.compile("timed out|ConnectTimeout|ReadTimeout");
    private static final Pattern HOST = Pattern.compile("host='([^']+)'");
    private static final Pattern ACME_TYPE = Pattern.compile("urn:ietf:params:acme:error:([A-Za-z]+)|\\bType:\\s*([A-Za-z]+)");
    private static final Pattern DETAIL = Pattern.compile("Detail:\\s*(.+?)(?=\\s+(?:Hint:|Domain:|Type:)|$)", Pattern.DOTALL);
    /** Python's exception names ({@code requests.exceptions.ConnectionError: }, {@code ValueError: }) say nothing to a person. */
    private static final Pattern PYTHON_NAME = Pattern.compile("\\b(?:[a-z_]+\\.)*[A-Z][A-Za-z]*(?:Error|Exception): ");

    /**
     * @param output   certbot's last words (stdout and stderr, boilerplate removed)
     * @param acmeUrl  the ACME directory certbot was pointed at
     * @param hostname the name the certificate is for
     */
    public static CertbotFailure explain(String output, String acmeUrl, String hostname) {
        String acmeHost = HOST.matcher(output).results().map(m -> m.group(1)).reduce((a, b) -> b).orElse(hostOf(acmeUrl));
        Matcher type = ACME_TYPE.matcher(output);
        if (type.find()) {
            String kind = type.group(1) != null ? type.group(1) : type.group(2);
            String said = detail(output).map(d -> " (the CA said: " + d + ")").orElse("");
            Optional<CertbotFailure> known = switch (kind) {
                case "dns" -> Optional.of(new CertbotFailure("the CA could not find the DNS records of " + hostname + said,
                        "Publish the A record (and AAAA, if the server has IPv6) of " + hostname + " pointing at this server, wait "
                                + "until it is visible, " + RETRY));
                case "connection", "tls", "incorrectResponse" -> Optional.of(new CertbotFailure("the CA could not reach " + hostname
                        + " on port 80 to check that it is yours" + said, "Check that the A and AAAA records of " + hostname
                        + " point at this server and that port 80 is open in your hosting provider's firewall, " + RETRY));
                case "unauthorized" -> Optional.of(new CertbotFailure("the CA reached " + hostname + " but the answer was not from "
                        + "this server" + said, "Make the A and AAAA records of " + hostname + " point at this server only (an old "
                        + "AAAA record or another web server on port 80 answers instead), " + RETRY));
                case "rateLimited" -> Optional.of(new CertbotFailure("the CA refused: too many certificates were asked for "
                        + hostname + " recently (a rate limit)" + said, "Wait until the limit passes (the CA's words above say when; "
                        + "Let's Encrypt's reset within a week), " + RETRY));
                case "caa" -> Optional.of(new CertbotFailure("a CAA record of the domain does not allow this CA to issue for "
                        + hostname + said, "Add a CAA record that allows it (for Let's Encrypt: 0 issue \"letsencrypt.org\") or "
                        + "remove the CAA record, " + RETRY));
                case "serverInternal", "badNonce" -> Optional.of(new CertbotFailure("the CA had a passing problem" + said,
                        "Wait a few minutes, " + RETRY));
                default -> Optional.empty();
            };
            if (known.isPresent()) {
                return known.get();
            }
        }
        // nothing reached the CA: the server itself could not talk to the ACME server
        Matcher resolve = RESOLVE.matcher(output);
        if (resolve.find()) {
            String host = resolve.group(1) != null ? resolve.group(1) : acmeHost;
            return new CertbotFailure("the server could not look up the ACME server's name " + host + " (its DNS resolver gave no address)",
                    "Check the server's own DNS resolver (/etc/resolv.conf; `getent hosts " + host + "` on the server must print an "
                            + "address), " + RETRY);
        }
        if (REFUSED.matcher(output).find()) {
            return new CertbotFailure("the ACME server " + acmeUrl + " refused the connection",
                    "Check that " + acmeUrl + " is the right address and that the ACME server is running, " + RETRY);
        }
        if (TIMEOUT.matcher(output).find()) {
            return new CertbotFailure("the connection from the server to the ACME server " + acmeHost + " timed out",
                    "Check that the server may open outgoing HTTPS connections (port 443; some hosting providers block them) "
                            + "and that " + acmeUrl + " answers, " + RETRY);
        }
        return new CertbotFailure(readable(output), "Check that " + hostname + " has an A record pointing at this server, that "
                + "port 80 is reachable from the internet and that " + acmeUrl + " answers, " + RETRY);
    }

    /** certbot's words without Python's exception names and its "An unexpected error occurred:" preamble. */
    static String readable(String output) {
        String s = output.replace("An unexpected error occurred:", "").strip();
        return PYTHON_NAME.matcher(s).replaceAll("").strip();
    }

    private static Optional<String> detail(String output) {
        Matcher m = DETAIL.matcher(output);
        return m.find() ? Optional.of(m.group(1).strip().replaceAll("\\s+", " ")) : Optional.empty();
    }

    private static String hostOf(String url) {
        String s = url.replaceFirst("^[a-z]+://", "");
        int end = s.indexOf('/');
        s = end < 0 ? s : s.substring(0, end);
        return s.replaceFirst(":\\d+$", "");
    }
}
