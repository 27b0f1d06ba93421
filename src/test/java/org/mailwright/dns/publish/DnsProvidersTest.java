package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.api.Test;

class DnsProvidersTest {

    @ParameterizedTest
    @CsvSource({"cloudflare, Cloudflare", "desec, deSEC", "DigitalOcean, DigitalOcean", "hetzner, Hetzner DNS"})
    void buildsEachProviderByItsSpecName(String name, String shown) {
        DnsProvider provider = DnsProviders.create(name, "t0ken-xyz".toCharArray());
        assertThat(provider.name()).isEqualTo(shown);
        assertThat(provider.toString()).doesNotContain("t0ken-xyz");
    }

    @Test
    void anUnknownNameListsTheKnownOnes() {
        assertThatThrownBy(() -> DnsProviders.create("route53", "x".toCharArray()))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("cloudflare, desec, digitalocean, hetzner");
    }

    @Test
    void theTokenIsCopiedSoTheCallerMayWipeIt() {
        char[] token = "secret".toCharArray();
        DnsProvider provider = DnsProviders.create("desec", token);
        java.util.Arrays.fill(token, '\0');
        assertThat(provider.name()).isEqualTo("deSEC");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "v=spf1 -all|\"v=spf1 -all\"",
            "say \"hi\"|\"say \\\"hi\\\"\"",
            "é|\"\\195\\169\""})
    void txtQuotingRoundTrips(String text, String quoted) {
        assertThat(ProviderNames.quoteTxt(text)).isEqualTo(quoted);
        assertThat(ProviderNames.unquoteTxt(quoted)).isEqualTo(text);
    }

    @Test
    void aLongTxtRoundTripsThrough255ByteStrings() {
        String text = "p=" + "A".repeat(600);
        String quoted = ProviderNames.quoteTxt(text);
        assertThat(quoted.split("\" \"")).hasSize(3);
        assertThat(ProviderNames.unquoteTxt(quoted)).isEqualTo(text);
    }

    @Test
    void theLongestZoneWinsAndALabelBoundaryCounts() {
        List<String> zones = List.of("example.com", "sub.example.com", "ample.com");
        assertThat(ProviderNames.longestZone("a.sub.example.com", zones)).isEqualTo("sub.example.com");
        assertThat(ProviderNames.longestZone("xsub.example.com", zones)).isEqualTo("example.com");
        assertThat(ProviderNames.longestZone("example.net", zones)).isNull();
    }
}
