package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

class TxtStringsTest {

    @Test
    void keepsShortValueAsOneString() {
        assertThat(TxtStrings.split("v=spf1 mx -all")).containsExactly("v=spf1 mx -all");
    }

    @Test
    void splitsValueIntoStringsOfAtMost255Bytes() {
        String value = "x".repeat(600);
        List<String> parts = TxtStrings.split(value);
        assertThat(parts).extracting(String::length).containsExactly(255, 255, 90);
        assertThat(TxtStrings.join(parts)).isEqualTo(value);
    }

    @Test
    void splitsA2048BitDkimRecordIntoTwoStringsThatJoinBack() {
        String value = TestKeys.serverKey().recordValue();
        List<String> parts = TxtStrings.split(value);
        assertThat(value.length()).isGreaterThan(255);
        assertThat(parts).hasSize(2).allSatisfy(p -> assertThat(p.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(255));
        assertThat(TxtStrings.join(parts)).isEqualTo(value);
    }

    @Test
    void neverSplitsInsideAMultiByteCharacter() {
        String value = "a".repeat(254) + "é" + "b";
        List<String> parts = TxtStrings.split(value);
        assertThat(parts).containsExactly("a".repeat(254), "éb");
    }

    @Test
    void quotesAndEscapesForZoneFiles() {
        assertThat(TxtStrings.zoneQuote("say \"hi\" \\ now")).isEqualTo("\"say \\\"hi\\\" \\\\ now\"");
    }

    @Test
    void writesNonPrintableBytesAsDecimalEscapes() {
        assertThat(TxtStrings.zoneQuote("a\tb é")).isEqualTo("\"a\\009b \\195\\169\"");
    }

    @Test
    void quotesEachStringOfARecord() {
        assertThat(TxtStrings.zoneQuoteAll(List.of("ab", "c;d"))).isEqualTo("\"ab\" \"c;d\"");
    }
}
