package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.mailwright.dns.PlannedRecord;
import org.mailwright.dns.TxtStrings;

/** The ownership rule of publishing: what is created, changed, kept, or refused as a conflict. */
class ZoneChangesTest {

    private static PlannedRecord zone(String name, String type, String value) {
        return new PlannedRecord(name, type, type.equals("TXT") ? TxtStrings.split(value) : List.of(value), 3600, PlannedRecord.Where.ZONE, "why");
    }

    private static RecordSet set(String name, String type, String... values) {
        return new RecordSet(name, type, 300, List.of(values));
    }

    @Test
    void aTxtOfAnotherPurposeStaysBesideTheReplacedSpf() {
        List<RecordChange> c = ZoneChanges.between(List.of(zone("example.com", "TXT", "v=spf1 mx -all")),
                List.of(set("example.com", "TXT", "google-site-verification=x", "V=SPF1 a -all")));
        assertThat(c).singleElement().satisfies(ch -> {
            assertThat(ch.action()).isEqualTo(RecordChange.Action.CHANGE);
            assertThat(ch.after().values()).containsExactly("google-site-verification=x", "v=spf1 mx -all");
        });
    }

    @Test
    void aTxtWithoutTheSamePurposeIsAddedNextToIt() {
        List<RecordChange> c = ZoneChanges.between(List.of(zone("_dmarc.example.com", "TXT", "v=DMARC1; p=quarantine")),
                List.of(set("_dmarc.example.com", "TXT", "a note")));
        assertThat(c.get(0).action()).isEqualTo(RecordChange.Action.CHANGE);
        assertThat(c.get(0).after().values()).containsExactly("a note", "v=DMARC1; p=quarantine");
    }

    @Test
    void anUntaggedOldDkimKeyIsTheSamePurpose() {
        List<RecordChange> c = ZoneChanges.between(List.of(zone("mail._domainkey.example.com", "TXT", "v=DKIM1; k=rsa; p=NEW")),
                List.of(set("mail._domainkey.example.com", "TXT", "k=rsa; p=OLD")));
        assertThat(c.get(0).after().values()).containsExactly("v=DKIM1; k=rsa; p=NEW");
    }

    @Test
    void theSameValuesWithAnotherTtlAreKept() {
        List<RecordChange> c = ZoneChanges.between(List.of(zone("example.com", "MX", "10 mail.example.com.")),
                List.of(set("example.com", "MX", "10 MAIL.example.com.")));
        assertThat(c.get(0).action()).isEqualTo(RecordChange.Action.KEEP);
        assertThat(c.get(0).writes()).isFalse();
    }

    @Test
    void twoPlannedAddressesAreOneSet() {
        List<RecordChange> c = ZoneChanges.between(List.of(zone("mail.example.com", "A", "192.0.2.1"), zone("mail.example.com", "A", "192.0.2.2")),
                List.of(set("mail.example.com", "A", "192.0.2.1")));
        assertThat(c).singleElement().satisfies(ch -> {
            assertThat(ch.action()).isEqualTo(RecordChange.Action.CHANGE);
            assertThat(ch.after().values()).containsExactly("192.0.2.1", "192.0.2.2");
        });
    }

    @Test
    void aCnameIsNeverSilentlyReplaced() {
        List<RecordChange> c = ZoneChanges.between(List.of(zone("mail.example.com", "A", "192.0.2.1"), zone("autoconfig.example.com", "CNAME", "mail.example.com.")),
                List.of(set("mail.example.com", "CNAME", "host.provider.test."), set("autoconfig.example.com", "A", "192.0.2.9")));
        assertThat(c).extracting(RecordChange::action).containsExactly(RecordChange.Action.CONFLICT, RecordChange.Action.CONFLICT);
        assertThat(c.get(0).reason()).contains("mail.example.com is a CNAME to host.provider.test.");
        assertThat(c.get(1).reason()).contains("autoconfig.example.com already has A records");
    }

    @Test
    void recordsOfOtherNamesAndTypesAreNotInThePlan() {
        List<RecordChange> c = ZoneChanges.between(List.of(zone("example.com", "MX", "10 mail.example.com.")),
                List.of(set("www.example.com", "A", "192.0.2.80"), set("example.com", "TXT", "v=spf1 -all"), set("example.com", "MX", "20 backup.example.net.")));
        assertThat(c).singleElement().satisfies(ch -> {
            assertThat(ch.after().key()).isEqualTo("example.com MX");
            assertThat(ch.before().orElseThrow().values()).containsExactly("20 backup.example.net.");
        });
    }
}
