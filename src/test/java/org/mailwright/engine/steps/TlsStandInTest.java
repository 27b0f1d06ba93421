package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Facts;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;
import org.mailwright.model.ServerSpec;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.FakeRemoteHost;
import org.mailwright.spec.SpecReader;
import org.junit.jupiter.api.Test;

/** certbot failing must not leave the mail services without a certificate, nor stop the rest of the setup. */
class TlsStandInTest {
    static final ServerSpec SPEC = SpecReader.read("""
            server: { host: 203.0.113.7 }
            hostname: mail.example.com
            domains: [example.com]
            users: [ { address: john@example.com, password-hash: "%s" } ]
            tls: { mode: certbot, email: john@example.com, acme-server: "https://acme.test/dir" }
            """.formatted(StepPlansTest.HASH));
    static final String LE = "/etc/letsencrypt/live/mail.example.com/fullchain.pem";
    static final String SELF = "/etc/ssl/mailwright/fullchain.pem";

    private final FakeRemoteHost host = new FakeRemoteHost();
    private final StepContext ctx = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);
    private final Tls tls = new Tls(SPEC);
    /** Which certificates the fake server has: valid for long, near its end, or expired/missing. */
    private String leState = "missing";
    private boolean selfSignedThere;
    private boolean certbotWorks;
    private final List<String> said = new ArrayList<>();

    TlsStandInTest() {
        host.on("", c -> answer(c.line()));
    }

    private CommandResult answer(String line) {
        Predicate<String> has = line::contains;
        int exit;
        String out = "";
        if (has.test("certbot certonly")) {
            exit = certbotWorks ? 0 : 1;
            if (certbotWorks) {
                leState = "valid";
            }
            out = certbotWorks ? "Successfully received certificate." : "An unexpected error occurred:\nConnection refused: https://acme.test/dir";
        } else if (has.test("openssl req -x509")) {
            selfSignedThere = true;
            exit = 0;
        } else if (has.test("-checkend 0") && has.test(LE)) {
            exit = leState.equals("missing") ? 1 : 0;
        } else if (has.test("-checkend") && has.test(LE)) {
            exit = leState.equals("valid") ? 0 : 1;
            out = exit == 0 ? "X509v3 Subject Alternative Name:\n    DNS:mail.example.com\n" : "";
        } else if (has.test("-checkend") && has.test(SELF)) {
            exit = selfSignedThere ? 0 : 1;
            out = exit == 0 ? "X509v3 Subject Alternative Name:\n    DNS:mail.example.com\n" : "";
        } else if (has.test("-enddate")) {
            boolean there = line.contains(LE) ? !leState.equals("missing") : selfSignedThere;
            exit = there ? 0 : 1;
            out = there ? "notAfter=Feb 23 10:00:00 2027 GMT\nissuer=CN=x\nX509v3 Subject Alternative Name:\n    DNS:mail.example.com\n" : "";
        } else {
            exit = 0;
        }
        return new CommandResult(line, exit, out, "");
    }

    private List<Finding> applyAndVerify() {
        Plan plan = tls.plan(ctx);
        if (!plan.isEmpty()) {
            tls.apply(ctx, plan);
        }
        return tls.verify(ctx);
    }

    @Test
    void certbotFailingOnAFreshServerGivesATemporaryCertificateAnErrorAndLetsTheRunGoOn() {
        List<Finding> findings = applyAndVerify();

        assertThat(ctx.facts().require(TlsPaths.class)).isEqualTo(Tls.STAND_IN);
        assertThat(selfSignedThere).isTrue();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.ERROR);
            assertThat(f.message()).contains("certbot could not get a certificate", "the ACME server https://acme.test/dir refused the connection",
                    "temporary self-signed certificate");
            assertThat(f.fix()).contains("run apply again", "https://acme.test/dir", "running");
        });
        assertThat(tls.continuesAfterError(ctx)).isTrue();
    }

    @Test
    void aFailedRetryKeepsTheTemporaryCertificateWithoutMakingANewOne() {
        selfSignedThere = true;
        Plan plan = tls.plan(ctx);

        assertThat(plan.changesOf(CommandChange.class)).extracting(CommandChange::why).anyMatch(w -> w.contains("certbot"));
        assertThat(ctx.facts().require(TlsPaths.class)).as("later steps keep their configs while certbot is retried").isEqualTo(Tls.STAND_IN);
        tls.apply(ctx, plan);
        assertThat(host.executed()).noneMatch(l -> l.contains("openssl req -x509"));
        assertThat(ctx.facts().require(TlsPaths.class)).isEqualTo(Tls.STAND_IN);
    }

    @Test
    void aLaterSuccessfulRetrySwitchesBackToTheRealCertificate() {
        selfSignedThere = true;
        certbotWorks = true;
        List<Finding> findings = applyAndVerify();

        assertThat(ctx.facts().require(TlsPaths.class)).isEqualTo(Tls.paths(SPEC));
        assertThat(findings).singleElement().extracting(Finding::severity).isEqualTo(Severity.OK);
        assertThat(tls.continuesAfterError(ctx)).isFalse();
    }

    @Test
    void aFailedRenewalKeepsTheStillValidCertificateAsAWarning() {
        leState = "ending";
        List<Finding> findings = applyAndVerify();

        assertThat(ctx.facts().require(TlsPaths.class)).isEqualTo(Tls.paths(SPEC));
        assertThat(selfSignedThere).as("no temporary certificate while the real one is valid").isFalse();
        assertThat(findings).singleElement().satisfies(f -> {
            assertThat(f.severity()).isEqualTo(Severity.WARN);
            assertThat(f.message()).contains("could not renew", "stays in use");
        });
    }

    @Test
    void withAValidCertificateNothingIsPlannedAndNothingStandsIn() {
        leState = "valid";
        Plan plan = tls.plan(ctx);

        assertThat(plan.changesOf(CommandChange.class)).noneMatch(c -> c.why().contains("certbot"));
        assertThat(tls.continuesAfterError(ctx)).isFalse();
    }

    @Test
    void certbotsBoilerplateIsLeftOutOfTheReason() {
        assertThat(Tls.lastLines("""
                Saving debug log to /var/log/letsencrypt/letsencrypt.log
                An unexpected error occurred:
                ValueError: Requesting 10.200.1.1/dir: Connection refused
                Ask for help or search for solutions at https://community.letsencrypt.org. See the logfile /var/log/letsencrypt/letsencrypt.log or re-run Certbot with -v for more details.
                """)).isEqualTo("An unexpected error occurred: ValueError: Requesting 10.200.1.1/dir: Connection refused");
    }
}
