package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** {@link DesecProvider} against {@link DesecStandIn}. */
class DesecProviderTest extends ProviderContractTest {

    private DesecStandIn desec;

    @BeforeEach
    void start() throws Exception {
        desec = new DesecStandIn();
    }

    @AfterEach
    void stop() {
        desec.server.close();
    }

    @Override
    DnsProvider provider(String token) {
        return new DesecProvider(desec.server.uri("/api/v1"), token.toCharArray(), HTTP);
    }

    @Override
    StandIn standIn() {
        return desec.server;
    }

    @Override
    long storedTtl(long ttl) {
        return Math.max(ttl, DesecStandIn.MINIMUM_TTL);
    }

    @Override
    String writeRight() {
        return "perm_write";
    }

    @Test
    void sendsEveryChangeInOneBulkPatch() {
        provider(GOOD).apply("example.com", changes());
        assertThat(standIn().writes()).containsExactly("PATCH /api/v1/domains/example.com/rrsets/");
    }

    @Test
    void raisesATtlBelowTheDomainsMinimumAndStaysIdempotent() {
        RecordSet spf = new RecordSet("spf.example.com", "TXT", 300, List.of("v=spf1 -all"));
        RecordChange create = new RecordChange(RecordChange.Action.CREATE, Optional.empty(), spf, "SPF");
        DnsProvider p = provider(GOOD);
        p.apply("example.com", List.of(create));
        p.apply("example.com", List.of(create));
        assertThat(standIn().writes()).hasSize(1);
        assertThat(desec.domains.get("example.com").get("spf TXT").path("ttl").asLong()).isEqualTo(3600);
    }

    @Test
    void writesTheApexWithAnEmptySubname() {
        provider(GOOD).apply("example.com", changes());
        assertThat(desec.domains.get("example.com").get(" MX").path("records").get(0).asText()).isEqualTo("10 mail.example.com.");
    }

    @Test
    void aRefusedRecordIsRefusedQuotingDesecAndChangesNothingElse() {
        RecordSet badMx = new RecordSet("example.com", "MX", 3600, List.of("10 mail.example.com"));
        List<RecordChange> changes = new java.util.ArrayList<>(changes());
        changes.set(2, new RecordChange(RecordChange.Action.CREATE, Optional.empty(), badMx, "MX"));
        DnsProviderException e = org.assertj.core.api.Assertions.catchThrowableOfType(DnsProviderException.class,
                () -> provider(GOOD).apply("example.com", changes));
        assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.REFUSED);
        assertThat(e.getMessage()).contains("malformed").doesNotContain(GOOD);
        assertThat(provider(GOOD).read("example.com")).anySatisfy(s -> assertThat(s.values()).contains("v=spf1 -all"));
    }
}
