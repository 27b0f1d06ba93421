package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.PackageChange;
import org.mailwright.engine.Facts;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.facts.ServerFacts.Release;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.MtaStsMode;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.FakeRemoteHost;
import org.mailwright.spec.SpecReader;

/** What the MTA-STS step reads off the server, as data: resolver answers, certificate names, the fetched policy. */
class MtaStsWebTest {

    @Test
    void readsGetentAnswersPerName() {
        var m = MtaStsWeb.parseResolved("mta-sts.example.com 203.0.113.7 2001:db8:0:0::7 \nautoconfig.example.com \n");
        assertThat(m.get("mta-sts.example.com")).containsExactly("203.0.113.7", "2001:db8:0:0:0:0:0:7");
        assertThat(m.get("autoconfig.example.com")).isEmpty();
    }

    @Test
    void readsTheCertificatesDnsNames() {
        assertThat(MtaStsWeb.sanNames("X509v3 Subject Alternative Name: \n    DNS:autoconfig.example.com, DNS:MTA-STS.example.com\n"))
                .isEqualTo(Set.of("autoconfig.example.com", "mta-sts.example.com"));
        assertThat(MtaStsWeb.sanNames("")).isEmpty();
    }

    @Test
    void readsAnHttpResponse() {
        var f = MtaStsWeb.Fetched.parse("HTTP/1.1 200 OK\r\nServer: nginx\r\nContent-Type: text/plain\r\nContent-Length: 5\r\n\r\nhello");
        assertThat(f.status()).isEqualTo(200);
        assertThat(f.contentType()).isEqualTo("text/plain");
        assertThat(f.body()).isEqualTo("hello");
        assertThat(MtaStsWeb.Fetched.parse("").status()).isEqualTo(-1);
        assertThat(MtaStsWeb.Fetched.parse("HTTP/1.1 404 Not Found\r\n\r\n").status()).isEqualTo(404);
    }

    @Test
    void nginxLightOnDebian12AndNginxOn13() {
        assertThat(MtaStsWeb.nginxPackage(Release.BOOKWORM)).isEqualTo("nginx-light");
        assertThat(MtaStsWeb.nginxPackage(Release.TRIXIE)).isEqualTo("nginx");
    }

    static final ServerSpec SPEC = SpecReader.read("""
            server: { host: 203.0.113.7, port: 2222 }
            hostname: mail.example.com
            domains: [example.com]
            users: [ { address: john@example.com, password-hash: "%s" } ]
            tls: { mode: certbot, email: john@example.com }
            mta-sts: { mode: testing }
            """.formatted(StepPlansTest.HASH));

    private final FakeRemoteHost host = new FakeRemoteHost();
    private final StepContext ctx = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);

    private void preflight() {
        host.on("echo '@@mailwright:os'", 0, StepPlansTest.BOOKWORM_PROBE);
        new Preflight().plan(ctx);
    }

    @Test
    void offPlansNothingAndChecksNothing() {
        ServerSpec off = SPEC.withMtaSts(ServerSpec.MtaStsSettings.DEFAULT);
        assertThat(new MtaStsWeb(off).plan(ctx).isEmpty()).isTrue();
        assertThat(new MtaStsWeb(off).verify(ctx)).isEmpty();
        assertThat(host.executed()).isEmpty();
    }

    @Test
    void aFreshServerWhosePolicyHostDoesNotResolveYetGetsNginxButNoCertificateRequest() {
        preflight();
        host.on("sh -c 'dpkg-query", 0, "");
        host.on("printf '%s' 'mta-sts.example.com '", 0, "mta-sts.example.com \nautoconfig.example.com \n");
        host.on("openssl x509", 1, "");
        host.on("test ", 1, "");
        Plan plan = new MtaStsWeb(SPEC).plan(ctx);
        assertThat(plan.changesOf(PackageChange.class)).singleElement().extracting(PackageChange::packages).isEqualTo(List.of("nginx-light"));
        assertThat(plan.changesOf(CommandChange.class)).extracting(CommandChange::why)
                .contains(MtaStsWeb.DISABLE_DEFAULT).noneMatch(w -> w.startsWith(MtaStsWeb.REQUEST_CERT));
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("mta-sts.example.com does not point at this server yet"))
                .anyMatch(n -> n.contains("mode testing"));
        assertThat(plan.changesOf(org.mailwright.engine.Change.FileChange.class)).extracting(f -> f.path())
                .contains("/var/www/mailwright/example.com/.well-known/mta-sts.txt", "/etc/nginx/conf.d/mailwright-mta-sts.conf");
    }

    @Test
    void aResolvingPolicyHostWithoutCertificateIsAskedFor() {
        preflight();
        host.on("sh -c 'dpkg-query", 0, "nginx-light ii  1.22.1-9\n");
        host.on("printf '%s' 'mta-sts.example.com '", 0, "mta-sts.example.com 203.0.113.7 \nautoconfig.example.com 198.51.100.1 \n");
        host.on("openssl x509", 1, "");
        host.on("test ", 1, "");
        Plan plan = new MtaStsWeb(SPEC).plan(ctx);
        assertThat(plan.changesOf(PackageChange.class)).isEmpty();
        assertThat(plan.changesOf(CommandChange.class)).extracting(CommandChange::why)
                .contains(MtaStsWeb.REQUEST_CERT + "mta-sts.example.com with certbot");
        assertThat(plan.notes()).anyMatch(n -> n.startsWith("autoconfig.example.com does not point at this server yet"));
    }

    @Test
    void firewallOpens443OnlyWithMtaSts() {
        preflight();
        host.on("command -v ufw", 0, "Status: inactive\n");
        List<String> on = new Firewall(SPEC).plan(ctx).changesOf(CommandChange.class).stream().map(c -> c.command().line()).toList();
        assertThat(on).contains("ufw allow 443/tcp");
        List<String> off = new Firewall(SPEC.withMtaSts(ServerSpec.MtaStsSettings.DEFAULT)).plan(ctx).changesOf(CommandChange.class)
                .stream().map(c -> c.command().line()).toList();
        assertThat(off).doesNotContain("ufw allow 443/tcp");
    }

    @Test
    void theDnsSetupCarriesTheModeAndTlsRpt() {
        preflight();
        var setup = DnsRecords.setupFor(SPEC, ctx.facts().require(org.mailwright.facts.ServerFacts.class), java.util.Map.of());
        assertThat(setup.options().mtaSts()).isEqualTo(MtaStsMode.TESTING);
        assertThat(setup.options().tlsRpt()).isTrue();
        var offSetup = DnsRecords.setupFor(SPEC.withMtaSts(ServerSpec.MtaStsSettings.DEFAULT),
                ctx.facts().require(org.mailwright.facts.ServerFacts.class), java.util.Map.of());
        assertThat(offSetup.options().mtaStsOn()).isFalse();
        assertThat(offSetup.options().tlsRpt()).isFalse();
    }
}
