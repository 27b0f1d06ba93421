package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.xbill.DNS.Type;

/** DnssecValidator against zones signed by BIND's tools and served by a real named on loopback ({@link SignedZones}). */
class DnssecLoopbackTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static SignedZones zones;

    @BeforeAll
    static void start() throws Exception {
        zones = new SignedZones().start("3 1 1 " + KEY);
    }

    @AfterAll
    static void stop() {
        if (zones != null) {
            zones.close();
        }
    }

    private static final String KEY = "ab".repeat(32);

    private static DnsChecker checker(String anchor) {
        return new DnsChecker(new ResolverChoice.Server(zones.named), TIMEOUT, true).withTrustAnchors(anchor);
    }

    private static Finding tlsa(String zone, String spki) throws Exception {
        return tlsa(checker(zones.anchor), zone, spki);
    }

    private static Finding tlsa(DnsChecker checker, String zone, String spki) throws Exception {
        MailDnsSetup setup = new MailDnsSetup("mail." + zone, List.of(zone), List.of(InetAddress.getByName("192.0.2.10")), Map.of(), null)
                .withDane(new MailDnsSetup.Dane(spki, DnssecState.SECURE));
        List<Finding> found = checker.check(setup).about("TLSA ");
        assertThat(found).hasSize(1);
        assertThat(found.get(0).check()).isEqualTo("TLSA _25._tcp.mail." + zone);
        return found.get(0);
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

    @Test
    void dnssecFindingPerZoneSaysSecureInsecureOrBogusWithAFix() {
        List<Finding> f = checker(zones.anchor).dnssec(List.of(SignedZones.SIGNED, SignedZones.PLAIN, SignedZones.BROKEN, "mail." + SignedZones.BROKEN));
        assertThat(f).extracting(Finding::check).containsExactly("DNSSEC " + SignedZones.SIGNED, "DNSSEC " + SignedZones.PLAIN,
                "DNSSEC " + SignedZones.BROKEN, "DNSSEC mail." + SignedZones.BROKEN);
        assertThat(f.get(0).severity()).isEqualTo(Severity.OK);
        assertThat(f.get(0).message()).contains("secure");
        assertThat(f.get(1).severity()).isEqualTo(Severity.OK);
        assertThat(f.get(1).message()).contains("not signed", "insecure");
        assertThat(f.get(2).severity()).as(f.get(2).toString()).isEqualTo(Severity.ERROR);
        assertThat(f.get(2).message()).contains("bogus");
        assertThat(f.get(2).fix()).contains("DS record");
        assertThat(f.get(3).severity()).as(f.get(3).toString()).isEqualTo(Severity.ERROR);
        assertThat(checker(zones.anchor).dnssecState(SignedZones.SIGNED)).isEqualTo(DnssecState.SECURE);
        assertThat(checker(zones.anchor).dnssecState("mail." + SignedZones.PLAIN)).isEqualTo(DnssecState.INSECURE);
    }

    @Test
    void withARootAnchorTheLoopbackServerCannotValidateSoTheDsRecordDecides() {
        // named here serves only the test zones, not the root: the chain from the IANA anchor cannot be followed
        List<Finding> f = checker(DnssecValidator.IANA_ROOT_ANCHORS).dnssec(List.of(SignedZones.SIGNED, SignedZones.PLAIN));
        assertThat(f.get(0).severity()).as(f.get(0).toString()).isEqualTo(Severity.WARN);
        assertThat(f.get(0).message()).contains("does not pass the records needed to validate");
        assertThat(f.get(1).severity()).isEqualTo(Severity.OK);
        assertThat(f.get(1).message()).contains("not signed");
        assertThat(checker(DnssecValidator.IANA_ROOT_ANCHORS).dnssecState(SignedZones.SIGNED)).isEqualTo(DnssecState.UNKNOWN);
    }

    @Test
    void tlsaMatchingTheServersKeyInASecureZoneIsOk() throws Exception {
        Finding f = tlsa(SignedZones.SIGNED, KEY);
        assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.OK);
        assertThat(f.message()).contains("matches", "3 1 1 " + KEY);
    }

    @Test
    void tlsaThatNoLongerMatchesTheServedCertificateIsAnErrorNamingTheExpectedValue() throws Exception {
        String renewedKey = "cd".repeat(32);
        Finding f = tlsa(SignedZones.SIGNED, renewedKey);
        assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("does not match", "3 1 1 " + KEY, "3 1 1 " + renewedKey);
        assertThat(f.fix()).contains("_25._tcp.mail." + SignedZones.SIGNED + ".\t3600\tIN\tTLSA\t3 1 1 " + renewedKey);
    }

    @Test
    void tlsaInAnUnsignedZoneIsPointlessAndTheCheckSaysWhy() throws Exception {
        Finding f = tlsa(SignedZones.PLAIN, KEY);
        assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.WARN);
        assertThat(f.message()).contains("not signed", "senders ignore it");
    }

    @Test
    void tlsaInABogusZoneIsAnError() throws Exception {
        Finding f = tlsa(SignedZones.BROKEN, KEY);
        assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("bogus");
    }

    @Test
    void aTlsaRecordThatCannotBeValidatedThroughTheResolverIsAWarningThatSaysSo() throws Exception {
        Finding f = tlsa(checker(DnssecValidator.IANA_ROOT_ANCHORS), SignedZones.SIGNED, KEY);
        assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.WARN);
        assertThat(f.message()).contains("3 1 1 " + KEY, "does not pass the DNSSEC records");
    }
}
