package org.mailwright.dns.publish;

import java.net.URI;
import java.net.http.HttpClient;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import org.mailwright.model.ServerSpec;

/**
 * Builds a DNS provider by the name a spec or the DNS page uses ({@link #NAMES}). Only the HTTPS providers are here;
 * RFC 2136 needs a server and a TSIG key rather than a token.
 */
public final class DnsProviders {

    /** The names {@link #create} knows, as written in a spec: the spec's providers but RFC 2136, lower case. */
    public static final List<String> NAMES = ServerSpec.DnsProviderSettings.PROVIDERS.stream()
            .filter(p -> !p.equals(ServerSpec.DnsProviderSettings.RFC2136)).toList();

    private DnsProviders() {
    }

    /**
     * The provider {@code name} at its production API, sending with {@link #httpClient()}.
     *
     * @param name  one of {@link #NAMES}, any case
     * @param token the provider's API token; copied, never shown; the caller may wipe its array afterwards
     * @throws IllegalArgumentException for a name not in {@link #NAMES} (the message lists them) or an empty token
     */
    public static DnsProvider create(String name, char[] token) {
        return create(name, null, token, httpClient());
    }

    /**
     * The provider {@code name} at {@code base} (null for its production API).
     *
     * @param base  the API base URI, for a stand-in or a proxy; null for the provider's own
     * @param http  the client to send with
     * @throws IllegalArgumentException for a name not in {@link #NAMES} or an empty token
     */
    public static DnsProvider create(String name, URI base, char[] token, HttpClient http) {
        return switch (name.trim().toLowerCase(Locale.ROOT)) {
            case "cloudflare" -> new CloudflareProvider(base == null ? CloudflareProvider.API : base, token, http);
            case "desec" -> new DesecProvider(base == null ? DesecProvider.API : base, token, http);
            case "digitalocean" -> new DigitalOceanProvider(base == null ? DigitalOceanProvider.API : base, token, http);
            case "hetzner" -> new HetznerDnsProvider(base == null ? HetznerDnsProvider.API : base, token, http);
            default -> throw new IllegalArgumentException("No DNS provider is called \"" + name + "\"; known: " + String.join(", ", NAMES));
        };
    }

    /**
     * The hosting provider {@code hosting} (one of {@code ServerSpec.DnsProviderSettings.HOSTINGS}) that sets reverse DNS,
     * at its production API.
     *
     * @throws IllegalArgumentException for another name or an empty token
     */
    public static ReverseDnsProvider reverse(String hosting, char[] token) {
        return switch (hosting.trim().toLowerCase(Locale.ROOT)) {
            case "digitalocean" -> new DigitalOceanReverseDns(DigitalOceanProvider.API, token, httpClient());
            case "hetzner-cloud" -> new HetznerCloudReverseDns(HetznerCloudReverseDns.API, token, httpClient());
            default -> throw new IllegalArgumentException("No hosting provider is called \"" + hosting + "\"; known: "
                    + String.join(", ", ServerSpec.DnsProviderSettings.HOSTINGS));
        };
    }

    /**
     * The client the providers send with: a 10-second connect timeout, and no redirects, so the token in a request's
     * header never follows one to another host.
     */
    public static HttpClient httpClient() {
        return HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).followRedirects(HttpClient.Redirect.NEVER).build();
    }
}
