package org.mailwright.dns;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.Inet4Address;
import java.net.InetAddress;
import org.junit.jupiter.api.Test;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.remote.FakeRemoteHost;

/** Outbound port 25 and Spamhaus checks, run on a fake server that answers the commands as a real one would. */
class ServerSideChecksTest {
    private static final String CONNECT = "timeout 7 bash -c 'exec 3<>/dev/tcp/mx.example.net/25";
    private static final String ZEN_LOOKUP = "timeout 10 getent ahostsv4 10.2.0.192.zen.spamhaus.org";
    private static final String DBL_NAME = "example.com.dbl.spamhaus.org";

    private static Inet4Address ip() throws Exception {
        return (Inet4Address) InetAddress.getByName("192.0.2.10");
    }

    @Test
    void port25ReachableWhenTheTargetGreets() {
        FakeRemoteHost host = new FakeRemoteHost().on(CONNECT, 0, "220 mx.example.net ESMTP\n");
        Finding f = OutboundSmtp.check(host, "mx.example.net");
        assertThat(f.severity()).isEqualTo(Severity.OK);
        assertThat(f.message()).contains("220 mx.example.net ESMTP");
        assertThat(host.executed()).singleElement().asString().startsWith(CONNECT);
    }

    @Test
    void port25TimeoutMeansBlockedAndSaysHowToGetItUnblocked() {
        FakeRemoteHost host = new FakeRemoteHost().on(CONNECT, 124, "");
        Finding f = OutboundSmtp.check(host, "mx.example.net");
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("timed out", "blocked");
        assertThat(f.fix()).contains("hosting provider", "outbound port 25", "relay (smarthost)", "add relay: to the spec", "password-file",
                "README");
    }

    @Test
    void aBlockedPort25StopsNothingWhenAllOutgoingMailGoesThroughTheRelay() {
        FakeRemoteHost host = new FakeRemoteHost().on(CONNECT, 124, "");
        Finding f = OutboundSmtp.check(host, "mx.example.net", true);
        assertThat(f.severity()).isEqualTo(Severity.OK);
        assertThat(f.message()).contains("timed out", "all outgoing mail goes through the relay");
        assertThat(OutboundSmtp.check(host, "mx.example.net", false).severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void port25RefusedIsAnError() {
        FakeRemoteHost host = new FakeRemoteHost().on(CONNECT, 1, "bash: connect: Connection refused\nbash: /dev/tcp/mx.example.net/25: Connection refused\n");
        assertThat(OutboundSmtp.check(host, "mx.example.net").message()).contains("refused");
    }

    @Test
    void port25UnresolvableTargetIsNotBlamedOnTheProvider() {
        FakeRemoteHost host = new FakeRemoteHost().on(CONNECT, 1, "bash: mx.example.net: Name or service not known\n");
        Finding f = OutboundSmtp.check(host, "mx.example.net");
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.fix()).contains("resolver");
    }

    @Test
    void port25TargetCannotInjectShell() {
        assertThatThrownBy(() -> OutboundSmtp.check(new FakeRemoteHost(), "x.test/25; rm -rf /")).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void notListedWhenZenHasNoAnswer() throws Exception {
        FakeRemoteHost host = new FakeRemoteHost().on(ZEN_LOOKUP, 2, "");
        assertThat(Dnsbl.checkAddress(host, ip()).severity()).isEqualTo(Severity.OK);
    }

    @Test
    void listedOnSblIsAnError() throws Exception {
        FakeRemoteHost host = new FakeRemoteHost().on(ZEN_LOOKUP, 0,
                "127.0.0.2       STREAM 10.2.0.192.zen.spamhaus.org\n127.0.0.2       DGRAM  \n127.0.0.2       RAW    \n");
        Finding f = Dnsbl.checkAddress(host, ip());
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).contains("SBL").doesNotContain("code");
        assertThat(f.fix()).contains("check.spamhaus.org");
    }

    @Test
    void pblListingExplainsItIsNotAPenalty() throws Exception {
        FakeRemoteHost host = new FakeRemoteHost().on(ZEN_LOOKUP, 0, "127.0.0.11      STREAM 10.2.0.192.zen.spamhaus.org\n");
        Finding f = Dnsbl.checkAddress(host, ip());
        assertThat(f.message()).contains("PBL");
        assertThat(f.fix()).contains("not a penalty");
    }

    @Test
    void refusedByPublicResolverIsNotAListing() throws Exception {
        FakeRemoteHost host = new FakeRemoteHost().on(ZEN_LOOKUP, 0, "127.255.255.254 STREAM 10.2.0.192.zen.spamhaus.org\n");
        Finding f = Dnsbl.checkAddress(host, ip());
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).contains("refused", "not a listing").doesNotContain("is listed");
        assertThat(f.fix()).contains("public");
    }

    @Test
    void resolverThatRewritesNxdomainIsReported() throws Exception {
        FakeRemoteHost host = new FakeRemoteHost().on(ZEN_LOOKUP, 0, "198.51.100.80   STREAM 10.2.0.192.zen.spamhaus.org\n");
        assertThat(Dnsbl.checkAddress(host, ip()).severity()).isEqualTo(Severity.WARN);
    }

    @Test
    void lookupTimeoutIsAWarningNotOk() throws Exception {
        FakeRemoteHost host = new FakeRemoteHost().on(ZEN_LOOKUP, 124, "");
        Finding f = Dnsbl.checkAddress(host, ip());
        assertThat(f.severity()).isEqualTo(Severity.WARN);
        assertThat(f.message()).contains("timed out");
    }

    /**
     * A server whose batch DBL script runs in a local {@code sh}, with a stand-in {@code getent} answering
     * {@code answers} (name -> exit status and output; any other name: exit 2, not found).
     */
    private static FakeRemoteHost dblServer(java.nio.file.Path dir, java.util.Map<String, String[]> answers) throws Exception {
        StringBuilder cases = new StringBuilder();
        answers.forEach((name, a) -> cases.append("  '").append(name).append("') printf '%s' '").append(a[1]).append("'; exit ").append(a[0]).append(";;\n"));
        java.nio.file.Path bin = java.nio.file.Files.createDirectories(dir.resolve("bin"));
        java.nio.file.Path getent = java.nio.file.Files.writeString(bin.resolve("getent"), "#!/bin/sh\ncase \"$2\" in\n" + cases + "esac\nexit 2\n");
        getent.toFile().setExecutable(true);
        return new FakeRemoteHost().on("d=$(mktemp -d)", c -> {
            try {
                Process p = new ProcessBuilder("sh", "-c", "PATH=" + bin + ":$PATH\n" + c.line()).start();
                String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                return new org.mailwright.remote.CommandResult(c.line(), p.waitFor(), out, "");
            } catch (java.io.IOException | InterruptedException e) {
                throw new AssertionError(e);
            }
        });
    }

    @Test
    void domainListedOnDblIsAnError(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        FakeRemoteHost host = dblServer(dir, java.util.Map.of(DBL_NAME, new String[] {"0", "127.0.1.2       STREAM example.com.dbl.spamhaus.org\n"}));
        assertThat(Dnsbl.checkDomain(host, "example.com").severity()).isEqualTo(Severity.ERROR);
    }

    @Test
    void domainRefusedOnDblIsNotAListing(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        FakeRemoteHost host = dblServer(dir, java.util.Map.of(DBL_NAME, new String[] {"0", "127.255.255.252 STREAM example.com.dbl.spamhaus.org\n"}));
        assertThat(Dnsbl.checkDomain(host, "example.com").severity()).isEqualTo(Severity.WARN);
    }

    @Test
    void domainNotOnDblIsOk(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        assertThat(Dnsbl.checkDomain(dblServer(dir, java.util.Map.of()), "example.com").severity()).isEqualTo(Severity.OK);
    }

    @Test
    void fiftyDomainsAreOneCommandWithEachAnswerInItsPlace(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir) throws Exception {
        FakeRemoteHost host = dblServer(dir, java.util.Map.of("d7.example.dbl.spamhaus.org", new String[] {"0", "127.0.1.2 STREAM x\n"},
                "d8.example.dbl.spamhaus.org", new String[] {"124", ""}));
        java.util.List<String> domains = java.util.stream.IntStream.range(0, 50).mapToObj(i -> "d" + i + ".example").toList();
        java.util.List<Finding> found = Dnsbl.checkDomains(host, domains);

        assertThat(host.executed()).hasSize(1);
        assertThat(found).hasSize(50);
        assertThat(found.get(7).severity()).isEqualTo(Severity.ERROR);
        assertThat(found.get(7).message()).startsWith("d7.example is listed");
        assertThat(found.get(8).severity()).isEqualTo(Severity.WARN);
        assertThat(found.get(8).message()).contains("timed out");
        assertThat(found.stream().filter(f -> f.severity() == Severity.OK)).hasSize(48);
    }

    @Test
    void onlyPublicIpv4IsCheckedOnZen() throws Exception {
        assertThat(Dnsbl.ipv4(java.util.List.of(InetAddress.getByName("10.0.0.1"), InetAddress.getByName("2001:db8::1"), ip())))
                .containsExactly(ip());
    }

    /** The script itself, run by this machine's bash against a listener on loopback: the fakes above assume its exit codes. */
    private static int runLocally(int port, StringBuilder out) throws Exception {
        Process p = new ProcessBuilder("bash", "-c", OutboundSmtp.command("127.0.0.1", port).line()).redirectErrorStream(true).start();
        out.append(new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8));
        return p.waitFor();
    }

    @Test
    void connectScriptPrintsTheGreetingWhenTheTargetAnswers() throws Exception {
        try (java.net.ServerSocket smtp = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            java.util.concurrent.CompletableFuture.runAsync(() -> {
                try (java.net.Socket s = smtp.accept()) {
                    s.getOutputStream().write("220 loopback ESMTP\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
                } catch (java.io.IOException ignored) {
                    // the test's assertion reports it
                }
            });
            StringBuilder out = new StringBuilder();
            assertThat(runLocally(smtp.getLocalPort(), out)).isZero();
            assertThat(out.toString()).startsWith("220 loopback ESMTP");
        }
    }

    @Test
    void connectScriptFailsWhenNothingListens() throws Exception {
        int port;
        try (java.net.ServerSocket probe = new java.net.ServerSocket(0, 1, InetAddress.getByName("127.0.0.1"))) {
            port = probe.getLocalPort();
        }
        StringBuilder out = new StringBuilder();
        assertThat(runLocally(port, out)).isEqualTo(1);
        assertThat(out.toString()).contains("Connection refused");
    }

    @Test
    void anIpv6AddressIsAskedAsReversedNibbles() throws Exception {
        java.net.InetAddress v6 = java.net.InetAddress.getByName("2001:db8::1");
        assertThat(Dnsbl.zenName(v6)).isEqualTo("1.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.0.8.b.d.0.1.0.0.2.zen.spamhaus.org");
        assertThat(Dnsbl.zenName(java.net.InetAddress.getByName("192.0.2.10"))).isEqualTo("10.2.0.192.zen.spamhaus.org");
        FakeRemoteHost host = new FakeRemoteHost().on("timeout 10 getent ahostsv4 1.0.0.0", 0, "127.0.0.4       STREAM x\n");
        Finding f = Dnsbl.checkAddress(host, v6);
        assertThat(f.severity()).isEqualTo(Severity.ERROR);
        assertThat(f.message()).isEqualTo("2001:db8:0:0:0:0:0:1 is listed on Spamhaus XBL (infected or exploited host); many receivers refuse its mail");
        assertThat(Dnsbl.listable(java.util.List.of(java.net.InetAddress.getByName("fd00::1"), java.net.InetAddress.getByName("10.0.0.1"),
                java.net.InetAddress.getByName("2a01:4f8::1"), java.net.InetAddress.getByName("203.0.113.7"))))
                .extracting(java.net.InetAddress::getHostAddress).containsExactly("2a01:4f8:0:0:0:0:0:1", "203.0.113.7");
    }
}
