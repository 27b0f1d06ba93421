package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowableOfType;

import java.net.http.HttpClient;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What every HTTPS provider must do against its stand-in, whose zones all start as {@link #ZONES} with the records of
 * {@link #seed()}. A subclass starts the stand-in and builds the provider.
 */
abstract class ProviderContractTest {

    static final String GOOD = "good-token-5f1c9e";
    static final String WRONG = "wrong-token-77aa01";
    static final String READ_ONLY = "readonly-token-c0ffee";
    static final String BUSY = "busy-token-ba5eba11";
    static final List<String> ALL_TOKENS = List.of(GOOD, WRONG, READ_ONLY, BUSY);

    /** Two pages of zones or more at every stand-in's page size. */
    static final List<String> ZONES = List.of("example.com", "sub.example.com", "other.org", "extra.net", "more.net");

    /** A 2048-bit DKIM key's record: 410 characters, so two or more 255-byte strings. */
    static final String LONG_DKIM = "v=DKIM1; k=rsa; p=" + "MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEA".repeat(9) + "IDAQAB";
    static final String FOREIGN = "google-site-verification=abc123";

    static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    private final List<Throwable> thrown = new ArrayList<>();

    /** The records every stand-in starts with in example.com: more than two pages at its page size. */
    static List<RecordSet> seed() {
        List<RecordSet> sets = new ArrayList<>();
        sets.add(new RecordSet("example.com", "TXT", 3600, List.of(FOREIGN, "v=spf1 -all")));
        sets.add(new RecordSet("www.example.com", "A", 3600, List.of("192.0.2.1")));
        sets.add(new RecordSet("mail.example.com", "A", 3600, List.of("192.0.2.2")));
        sets.add(new RecordSet("old._domainkey.example.com", "TXT", 3600, List.of(LONG_DKIM)));
        for (int i = 1; i <= 6; i++) {
            sets.add(new RecordSet("h" + i + ".example.com", "A", 3600, List.of("192.0.2." + (10 + i))));
        }
        sets.add(new RecordSet("zz-last.example.com", "TXT", 3600, List.of("on the last page")));
        return sets;
    }

    /** The provider, pointed at the stand-in, with {@code token}. */
    abstract DnsProvider provider(String token);

    abstract StandIn standIn();

    /** The TTL a provider stores for a requested one (deSEC raises it to the domain's minimum). */
    long storedTtl(long ttl) {
        return ttl;
    }

    /** The write requests that touched the record of {@code value} at {@code name}; per-record APIs only. */
    List<String> writesTouching(String name, String type, String value) {
        return List.of();
    }

    @AfterEach
    void noExceptionHoldsAToken() {
        for (Throwable t : thrown) {
            for (Throwable c = t; c != null; c = c.getCause()) {
                for (String token : ALL_TOKENS) {
                    assertThat(String.valueOf(c.getMessage())).doesNotContain(token);
                    assertThat(c.toString()).doesNotContain(token);
                }
            }
        }
        for (String token : ALL_TOKENS) {
            assertThat(provider(token).toString()).doesNotContain(token);
        }
    }

    private DnsProviderException fail(Runnable r) {
        DnsProviderException e = catchThrowableOfType(DnsProviderException.class, r::run);
        assertThat(e).as("a DnsProviderException").isNotNull();
        thrown.add(e);
        return e;
    }

    @Test
    void findsTheLongestZoneAcrossPages() {
        DnsProvider p = provider(GOOD);
        assertThat(p.zoneOf("mail.sub.example.com")).isEqualTo("sub.example.com");
        assertThat(p.zoneOf("sub.example.com")).isEqualTo("sub.example.com");
        assertThat(p.zoneOf("_dmarc.example.com")).isEqualTo("example.com");
        assertThat(p.zoneOf("x.more.net")).isEqualTo("more.net");
    }

    @Test
    void namesNoZoneForADomainTheAccountDoesNotHave() {
        DnsProviderException e = fail(() -> provider(GOOD).zoneOf("mail.example.net"));
        assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.NO_ZONE);
        assertThat(e.getMessage()).contains("example.net");
    }

    @Test
    void readsEveryPageAndJoinsTxtStrings() {
        List<RecordSet> read = provider(GOOD).read("example.com");
        for (RecordSet want : seed()) {
            assertThat(read).as(want.key()).anySatisfy(got -> {
                assertThat(got.sameRecords(want)).isTrue();
                assertThat(got.ttl()).isEqualTo(storedTtl(want.ttl()));
            });
        }
    }

    @Test
    void appliesCreateAndChangeLeavingForeignAndUnrelatedRecords() {
        DnsProvider p = provider(GOOD);
        List<RecordChange> changes = changes();
        p.apply("example.com", changes);

        List<RecordSet> read = p.read("example.com");
        for (RecordChange c : changes) {
            assertThat(read).as(c.after().key()).anySatisfy(got -> {
                assertThat(got.sameRecords(c.after())).isTrue();
                assertThat(got.ttl()).isEqualTo(storedTtl(c.after().ttl()));
            });
        }
        for (RecordSet untouched : seed()) {
            if (!untouched.name().equals("example.com")) {
                assertThat(read).as(untouched.key()).anySatisfy(got -> assertThat(got.sameRecords(untouched)).isTrue());
            }
        }
        assertThat(writesTouching("example.com", "TXT", FOREIGN)).as("writes on the foreign TXT").isEmpty();
        assertThat(standIn().writes()).as("writes").noneMatch(w -> w.contains("www") || w.contains("h1"));
    }

    @Test
    void aSecondApplyOfTheSameChangesSendsNothing() {
        DnsProvider p = provider(GOOD);
        p.apply("example.com", changes());
        int writes = standIn().writes().size();
        assertThat(writes).isPositive();
        p.apply("example.com", changes());
        assertThat(standIn().writes()).hasSize(writes);
    }

    @Test
    void keepAndConflictSendNothing() {
        RecordSet www = new RecordSet("www.example.com", "A", 3600, List.of("192.0.2.99"));
        provider(GOOD).apply("example.com", List.of(
                new RecordChange(RecordChange.Action.KEEP, Optional.empty(), www, "kept"),
                new RecordChange(RecordChange.Action.CONFLICT, Optional.empty(), www, "foreign")));
        assertThat(standIn().writes()).isEmpty();
    }

    @Test
    void aWrongTokenIsALoginError() {
        DnsProviderException e = fail(() -> provider(WRONG).read("example.com"));
        assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.LOGIN);
    }

    @Test
    void aTokenWithoutTheWriteRightIsAPermissionErrorNamingIt() {
        DnsProviderException e = fail(() -> provider(READ_ONLY).apply("example.com", changes()));
        assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.PERMISSION);
        assertThat(e.getMessage()).contains(writeRight());
    }

    @Test
    void aThrottledRequestIsARateLimit() {
        DnsProviderException e = fail(() -> provider(BUSY).read("example.com"));
        assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.RATE_LIMIT);
    }

    @Test
    void anUnreachableApiIsUnavailable() {
        DnsProvider p = provider(GOOD);
        standIn().close();
        DnsProviderException e = fail(() -> p.read("example.com"));
        assertThat(e.kind()).isEqualTo(DnsProviderException.Kind.UNAVAILABLE);
        assertThat(e.getMessage()).contains("127.0.0.1");
    }

    @Test
    void anEmptyTokenIsRefusedBeforeAnyRequest() {
        assertThatThrownBy(() -> provider("")).isInstanceOf(IllegalArgumentException.class);
        assertThat(standIn().log()).isEmpty();
    }

    /** The right the message of a PERMISSION error names for writing records. */
    abstract String writeRight();

    /** A CREATE of a long DKIM key and an MX, and a CHANGE of the apex SPF that keeps the foreign TXT beside it. */
    List<RecordChange> changes() {
        RecordSet spfBefore = new RecordSet("example.com", "TXT", 3600, List.of(FOREIGN, "v=spf1 -all"));
        RecordSet spfAfter = new RecordSet("example.com", "TXT", 3600, List.of(FOREIGN, "v=spf1 mx -all"));
        RecordSet dkim = new RecordSet("mail._domainkey.example.com", "TXT", 3600, List.of(LONG_DKIM.replace("k=rsa", "k=rsa; t=s")));
        RecordSet mx = new RecordSet("example.com", "MX", 3600, List.of("10 mail.example.com."));
        RecordSet dmarc = new RecordSet("_dmarc.example.com", "TXT", 3600, List.of("v=DMARC1; p=none; rua=mailto:\"x\"@example.com"));
        return List.of(
                new RecordChange(RecordChange.Action.CHANGE, Optional.of(spfBefore), spfAfter, "SPF"),
                new RecordChange(RecordChange.Action.CREATE, Optional.empty(), dkim, "DKIM"),
                new RecordChange(RecordChange.Action.CREATE, Optional.empty(), mx, "MX"),
                new RecordChange(RecordChange.Action.CREATE, Optional.empty(), dmarc, "DMARC"));
    }
}
