package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Arrays;
import java.util.Objects;

/**
 * The HTTP half every HTTPS provider shares: one JSON request with the provider's auth header, the answer parsed, and
 * any status from 400 on handed to the provider's {@link ErrorMapper}. The token is kept as a copy of the caller's
 * characters and only ever put into the auth header; it is in no message, log line or {@code toString}.
 */
final class ProviderHttp {

    /** What a provider makes of a refused request. */
    interface ErrorMapper {
        /**
         * @param what   what Mailwright was doing, for the message ("listing the zones")
         * @param status the HTTP status, 400 or more
         * @param body   the parsed body, or a missing node when it was not JSON
         */
        DnsProviderException map(String what, int status, JsonNode body, HttpHeaders headers);
    }

    /** A parsed answer with its headers (deSEC pages through the {@code Link} header). */
    record Answer(int status, JsonNode body, HttpHeaders headers) {
    }

    static final ObjectMapper JSON = new ObjectMapper();
    private static final Duration TIMEOUT = Duration.ofSeconds(30);

    private final String providerName;
    private final URI base;
    private final String authHeader;
    private final String authScheme;
    private final char[] token;
    private final HttpClient http;
    private final ErrorMapper errors;

    /**
     * @param base       the API's base URI without a trailing slash ({@code https://api.cloudflare.com/client/v4})
     * @param authHeader the header that carries the token
     * @param authScheme what comes before the token in it ({@code "Bearer "}, {@code "Token "}, or {@code ""})
     */
    ProviderHttp(String providerName, URI base, String authHeader, String authScheme, char[] token, HttpClient http,
            ErrorMapper errors) {
        this.providerName = Objects.requireNonNull(providerName);
        String b = base.toString();
        this.base = URI.create(b.endsWith("/") ? b.substring(0, b.length() - 1) : b);
        this.authHeader = authHeader;
        this.authScheme = authScheme;
        this.token = Arrays.copyOf(token, token.length);
        this.http = Objects.requireNonNull(http);
        this.errors = errors;
        if (token.length == 0) {
            throw new IllegalArgumentException(providerName + " needs an API token");
        }
    }

    URI base() {
        return base;
    }

    /** GET {@code pathAndQuery} (starting with "/", already encoded) or an absolute URI a provider handed back. */
    Answer get(String what, String pathAndQuery) {
        return send(what, "GET", pathAndQuery, null);
    }

    /**
     * Sends one request and returns its answer when the status is below 400.
     *
     * @param body the JSON body, or null for none
     * @throws DnsProviderException UNAVAILABLE when the provider cannot be reached or answers what is not JSON; the
     *                              provider's mapping for a status of 400 or more
     */
    Answer send(String what, String method, String pathAndQuery, JsonNode body) {
        URI uri = pathAndQuery.startsWith("http://") || pathAndQuery.startsWith("https://")
                ? URI.create(pathAndQuery) : URI.create(base + pathAndQuery);
        HttpRequest.Builder request = HttpRequest.newBuilder(uri).timeout(TIMEOUT)
                .header("Accept", "application/json")
                .header(authHeader, authScheme + new String(token));
        try {
            if (body == null) {
                request.method(method, HttpRequest.BodyPublishers.noBody());
            } else {
                request.header("Content-Type", "application/json")
                        .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
            }
            HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
            JsonNode parsed = parse(response.body());
            if (response.statusCode() >= 400) {
                throw scrubbed(errors.map(what, response.statusCode(), parsed, response.headers()));
            }
            if (parsed.isMissingNode() && response.statusCode() != 204 && !response.body().isBlank()) {
                throw new DnsProviderException(DnsProviderException.Kind.UNAVAILABLE,
                        providerName + " answered " + what + " with something that is not JSON (HTTP "
                                + response.statusCode() + "); try again later");
            }
            return new Answer(response.statusCode(), parsed, response.headers());
        } catch (IOException e) {
            // the message of an IOException from HttpClient names the host, never a header
            throw new DnsProviderException(DnsProviderException.Kind.UNAVAILABLE,
                    "Could not reach " + providerName + " at " + uri.getHost() + " while " + what + ": "
                            + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())
                            + "; check the network and try again", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new DnsProviderException(DnsProviderException.Kind.UNAVAILABLE, "Stopped while " + what, e);
        }
    }

    /** The same exception with the token masked, should a provider ever say it back in an error it quotes. */
    private DnsProviderException scrubbed(DnsProviderException e) {
        String t = new String(token);
        String message = e.getMessage();
        if (message == null || !message.contains(t)) {
            return e;
        }
        return new DnsProviderException(e.kind(), message.replace(t, "[redacted]"));
    }

    /** The {@code message} (or {@code detail}) texts of an error body, joined, for a REFUSED message. */
    static String quote(JsonNode body, String... fields) {
        StringBuilder sb = new StringBuilder();
        for (String f : fields) {
            JsonNode n = body.path(f);
            if (n.isTextual() && !n.asText().isBlank()) {
                sb.append(sb.length() == 0 ? "" : "; ").append(n.asText());
            }
        }
        return sb.length() == 0 ? body.toString() : sb.toString();
    }

    private static JsonNode parse(String text) {
        if (text == null || text.isBlank()) {
            return JsonNodeFactory.instance.missingNode();
        }
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            return JsonNodeFactory.instance.missingNode();
        }
    }

    /** The {@code Retry-After} seconds as a phrase ("in 3 seconds"), or "in a minute" when the header is absent. */
    static String retryAfter(HttpHeaders headers) {
        return headers.firstValue("Retry-After").map(s -> "in " + s.trim() + " seconds").orElse("in a minute");
    }

    @Override
    public String toString() {
        return "ProviderHttp[" + providerName + " " + base + "]";
    }
}
