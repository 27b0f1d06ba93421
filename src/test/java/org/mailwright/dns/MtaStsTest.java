package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.InetAddress;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec.MtaStsMode;
import org.mailwright.model.Severity;
import org.xbill.DNS.ARecord;
import org.xbill.DNS.DClass;
import org.xbill.DNS.Name;
import org.xbill.DNS.Record;
import org.xbill.DNS.TXTRecord;
import org.xbill.DNS.Type;

/** The MTA-STS policy (RFC 8461 3.2) both ways, and the checks of its records (3.1) and of TLS-RPT (RFC 8460 3). */
class MtaStsTest {

    static MailDnsSetup setup(MtaStsMode mode) throws Exception {
        return new MailDnsSetup("mail.example.com", List.of("example.com"), List.of(InetAddress.getByName("192.0.2.10")), Map.of(),
                DnsOptions.defaults().withMtaSts(mode).withTlsRpt(mode != MtaStsMode.OFF));
    }

    static DnsAnswer txt(String name, String... values) throws Exception {
        List<Record> records = new java.util.ArrayList<>();
        for (String v : values) {
            records.add(new TXTRecord(Name.fromString(name + "."), DClass.IN, 300, v));
        }
        return new DnsAnswer(name, Type.TXT, values.length == 0 ? DnsAnswer.Status.NXDOMAIN : DnsAnswer.Status.ANSWER, records, "", false, "");
    }

    @Test
    void testingAndEnforcePoliciesReadBackAsWritten() throws Exception {
        for (MtaStsMode m : List.of(MtaStsMode.TESTING, MtaStsMode.ENFORCE)) {
            MtaStsPolicy p = MtaStsPolicy.of(m, "mail.example.com");
            assertThat(MtaStsPolicy.parse(p.text())).isEqualTo(p);
            assertThat(p.mode()).isEqualTo(m.word());
        }
        assertThat(MtaStsPolicy.of(MtaStsMode.ENFORCE, "mail.example.com").text())
                .isEqualTo("version: STSv1\nmode: enforce\nmx: mail.example.com\nmax_age: 604800\n");
        assertThatThrownBy(() -> MtaStsPolicy.of(MtaStsMode.OFF, "mail.example.com")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readsCrlfIgnoresUnknownKeysAndTakesSeveralMx() throws Exception {
        MtaStsPolicy p = MtaStsPolicy.parse("version: STSv1\r\nmode: enforce\r\nmx: mail.example.com\r\nmx: *.backup.example.net\r\nfoo: bar\r\nmax_age: 86400\r\n");
        assertThat(p.mx()).containsExactly("mail.example.com", "*.backup.example.net");
        assertThat(p.matches("MAIL.example.com.")).isTrue();
        assertThat(p.matches("mx1.backup.example.net")).isTrue();
        assertThat(p.matches("a.mx1.backup.example.net")).as("a wildcard is one label").isFalse();
        assertThat(p.matches("backup.example.net")).isFalse();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "mode: testing\\nmx: a.example\\nmax_age: 1           | no version field",
            "version: STSv2\\nmode: testing\\nmx: a\\nmax_age: 1  | not STSv1",
            "version: STSv1\\nmode: strict\\nmx: a\\nmax_age: 1   | is not enforce, testing or none",
            "version: STSv1\\nmode: testing\\nmx: a\\nmax_age: -1 | not a whole number",
            "version: STSv1\\nmode: testing\\nmx: a\\nmax_age: 31557601 | up to 31557600",
            "version: STSv1\\nmode: testing\\nmax_age: 1          | names no mx",
            "version: STSv1\\nmode testing                        | is not \"key: value\""})
    void refusesWhatASenderWouldRefuse(String text, String says) {
        assertThatThrownBy(() -> MtaStsPolicy.parse(text.replace("\\n", "\n"))).isInstanceOf(MalformedRecordException.class)
                .hasMessageContaining(says);
    }

    @Test
    void theRecordWithThePlannedIdIsOkAnotherIdIsAnError() throws Exception {
        MailDnsSetup s = setup(MtaStsMode.TESTING);
        String planned = RecordPlanner.mtaStsRecord(MtaStsPolicy.of(MtaStsMode.TESTING, "mail.example.com"));
        Finding ok = DnsChecker.checkMtaSts(s, "example.com", txt("_mta-sts.example.com", planned, "v=spf1 -all"));
        assertThat(ok.severity()).isEqualTo(Severity.OK);
        assertThat(ok.check()).isEqualTo(DnsChecker.mtaStsCheck("example.com"));
        Finding old = DnsChecker.checkMtaSts(s, "example.com", txt("_mta-sts.example.com", "v=STSv1; id=20200101"));
        assertThat(old.severity()).isEqualTo(Severity.ERROR);
        assertThat(old.message()).contains("has id 20200101");
        assertThat(old.fix()).contains(planned);
        assertThat(DnsChecker.checkMtaSts(s, "example.com", txt("_mta-sts.example.com")).message()).contains("has no MTA-STS record");
        assertThat(DnsChecker.checkMtaSts(s, "example.com", txt("_mta-sts.example.com", planned, planned)).message())
                .contains("2 MTA-STS records");
    }

    @Test
    void theTlsRptRecordNeedsAReportAddress() throws Exception {
        MailDnsSetup s = setup(MtaStsMode.TESTING);
        assertThat(DnsChecker.checkTlsRpt(s, "example.com", txt("_smtp._tls.example.com", "v=TLSRPTv1; rua=mailto:postmaster@example.com")).message())
                .isEqualTo("TLS reports for example.com go to mailto:postmaster@example.com");
        assertThat(DnsChecker.checkTlsRpt(s, "example.com", txt("_smtp._tls.example.com", "v=TLSRPTv1;")).severity()).isEqualTo(Severity.ERROR);
        assertThat(DnsChecker.checkTlsRpt(s, "example.com", txt("_smtp._tls.example.com")).severity()).isEqualTo(Severity.WARN);
    }

    @Test
    void thePolicyHostMustPointAtTheMailHost() throws Exception {
        MailDnsSetup s = setup(MtaStsMode.TESTING);
        Name n = Name.fromString("mta-sts.example.com.");
        DnsAnswer here = new DnsAnswer("mta-sts.example.com", Type.A, DnsAnswer.Status.ANSWER,
                List.of(new ARecord(n, DClass.IN, 300, InetAddress.getByName("192.0.2.10"))), "", false, "");
        DnsAnswer elsewhere = new DnsAnswer("mta-sts.example.com", Type.A, DnsAnswer.Status.ANSWER,
                List.of(new ARecord(n, DClass.IN, 300, InetAddress.getByName("198.51.100.1"))), "", false, "");
        DnsAnswer none = new DnsAnswer("mta-sts.example.com", Type.A, DnsAnswer.Status.NXDOMAIN, List.of(), "", false, "");
        assertThat(DnsChecker.checkPolicyHost(s, "example.com", here).severity()).isEqualTo(Severity.OK);
        assertThat(DnsChecker.checkPolicyHost(s, "example.com", elsewhere).message()).contains("resolves to 198.51.100.1");
        assertThat(DnsChecker.checkPolicyHost(s, "example.com", none).message()).contains("does not resolve").contains("certificate");
    }
}
