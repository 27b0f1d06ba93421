package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DkimDmarcParsingTest {

    @Test
    void dkimKeyFromSplitStringsEqualsTheServerKey() throws Exception {
        DkimPublicKey key = TestKeys.serverKey();
        String joined = TxtStrings.join(TxtStrings.split(key.recordValue()));
        assertThat(key.sameKeyAs(DkimRecord.parse(joined).key())).isTrue();
    }

    @Test
    void dkimKeyIgnoresWhitespaceInsideBase64() throws Exception {
        String b64 = TestKeys.serverKey().base64();
        String spaced = "v=DKIM1; k=rsa; p=" + b64.substring(0, 100) + " " + b64.substring(100);
        assertThat(TestKeys.serverKey().sameKeyAs(DkimRecord.parse(spaced).key())).isTrue();
    }

    @Test
    void dkimDifferentKeyDoesNotMatch() throws Exception {
        assertThat(TestKeys.serverKey().sameKeyAs(DkimRecord.parse(TestKeys.otherKey().recordValue()).key())).isFalse();
    }

    @Test
    void dkimEmptyPMeansRevoked() throws Exception {
        assertThat(DkimRecord.parse("v=DKIM1; p=").revoked()).isTrue();
    }

    @Test
    void rejectsDkimWithBrokenBase64() {
        assertThatThrownBy(() -> DkimRecord.parse("v=DKIM1; k=rsa; p=MIIB%%%")).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining("base64");
    }

    @Test
    void rejectsDkimWithoutKey() {
        assertThatThrownBy(() -> DkimRecord.parse("v=DKIM1; k=rsa")).hasMessageContaining("no p=");
    }

    @Test
    void rejectsDkimWhoseVersionIsNotFirst() {
        assertThatThrownBy(() -> DkimRecord.parse("k=rsa; v=DKIM1; p=AAAA")).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void parsesDmarcPolicyAndReportAddress() throws Exception {
        DmarcRecord r = DmarcRecord.parse("v=DMARC1; p=quarantine; rua=mailto:postmaster@example.com,mailto:x@y.test!10m; pct=50");
        assertThat(r.policy()).isEqualTo(DmarcPolicy.QUARANTINE);
        assertThat(r.reportAddresses()).containsExactly("postmaster@example.com", "x@y.test");
        assertThat(r.percent()).isEqualTo(50);
    }

    @Test
    void acceptsTheRecordThePlannerWrites() throws Exception {
        for (DmarcPolicy p : DmarcPolicy.values()) {
            assertThat(DmarcRecord.parse("v=DMARC1; p=" + p.tag() + "; rua=mailto:postmaster@example.com").policy()).isEqualTo(p);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"p=reject; v=DMARC1", "v=DMARC1 p=reject", "v=dmarc1; p=reject", "v=DMARC1; p=block",
            "v=DMARC1; rua=mailto:a@b.test", "v=DMARC1; p=reject; rua=postmaster@example.com", "v=DMARC1; p=reject; pct=150",
            "v=DMARC1; p=reject; p=none", "v=DMARC1; p"})
    void rejectsMalformedDmarc(String record) {
        assertThatThrownBy(() -> DmarcRecord.parse(record)).isInstanceOf(MalformedRecordException.class);
    }

    @Test
    void splitDmarcStringsAreJoinedBeforeParsing() throws Exception {
        assertThat(DmarcRecord.parse(TxtStrings.join(List.of("v=DMARC1; p=re", "ject"))).policy()).isEqualTo(DmarcPolicy.REJECT);
    }
}
