package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.xbill.DNS.Type;

/** DnssecValidator against zones signed by BIND's tools and served by a real named on loopback ({@link SignedZones}). */
class DnssecLoopbackTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static SignedZones zones;

    @BeforeAll
    static void start() throws Exception {
        zones = new SignedZones().start("3 1 1 " + "ab".repeat(32));
    }

    @AfterAll
    static void stop() {
        if (zones != null) {
            zones.close();
        }
    }

    private static DnssecValidator validator(String anchor) {
        return new DnssecValidator(zones.named, anchor, TIMEOUT);
    }

    @Test
    void signedZoneWithItsDsAtTheParentIsSecure() {
        DnssecValidator.Validated v = validator(zones.anchor).query("mail." + SignedZones.SIGNED, Type.A);
        assertThat(v.state()).as(v.toString()).isEqualTo(DnssecState.SECURE);
        assertThat(v.records()).hasSize(1);
    }

    @Test
    void aNameThatDoesNotExistInASignedZoneIsProvenSecurely() {
        DnssecValidator.Validated v = validator(zones.anchor).query("nothing." + SignedZones.SIGNED, Type.A);
        assertThat(v.state()).as(v.toString()).isEqualTo(DnssecState.SECURE);
        assertThat(v.records()).isEmpty();
    }

    @Test
    void unsignedZoneWithoutDsIsInsecure() {
        DnssecValidator.Validated v = validator(zones.anchor).query("mail." + SignedZones.PLAIN, Type.A);
        assertThat(v.state()).as(v.toString()).isEqualTo(DnssecState.INSECURE);
        assertThat(v.records()).hasSize(1);
    }

    @Test
    void dsNamingAnotherKeyIsBogus() {
        DnssecValidator.Validated v = validator(zones.anchor).query("mail." + SignedZones.BROKEN, Type.A);
        assertThat(v.state()).as(v.toString()).isEqualTo(DnssecState.BOGUS);
        assertThat(v.reason()).isNotBlank();
    }

    @Test
    void recordChangedAfterSigningIsBogus() {
        DnssecValidator.Validated v = validator(zones.anchor).query("mail." + SignedZones.TAMPERED, Type.A);
        assertThat(v.state()).as(v.toString()).isEqualTo(DnssecState.BOGUS);
    }

    @Test
    void wrongTrustAnchorMakesTheSignedZoneBogus() {
        DnssecValidator.Validated v = validator(zones.wrongAnchor).query("mail." + SignedZones.SIGNED, Type.A);
        assertThat(v.state()).as(v.toString()).isEqualTo(DnssecState.BOGUS);
    }

    @Test
    void chainIsReachableWithTheZonesAnchorButNotWithTheRootsFromAnAuthoritativeOnlyServer() {
        assertThat(validator(zones.anchor).chainReachable()).isTrue();
        assertThat(validator(DnssecValidator.IANA_ROOT_ANCHORS).chainReachable()).isFalse();
    }
}
