package org.mailwright.ui.wizard.dns;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.spec.SpecWriter;
import org.mailwright.ui.FakeSetupService;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.wizard.SetupDraft;

/** Choosing who publishes the DNS records on the wizard's DNS page: what goes into the spec, what is said first. */
class DnsProviderChoiceTest {
    @TempDir
    Path tmp;
    SetupDraft draft;
    DnsPageModel page;

    @BeforeEach
    void setUp() {
        draft = new SetupDraft();
        draft.host.set("203.0.113.10");
        draft.domains.set("example.com");
        draft.hostname.set("mail.example.com");
        page = new DnsPageModel(draft, new FakeSetupService(), UiExecutor.sameThread());
    }

    @Test
    void byDefaultThePersonPublishesAndTheSpecNamesNoProvider() {
        assertThat(page.choosesProvider()).isTrue();
        assertThat(page.providerProperty().get()).isEmpty();
        assertThat(draft.toSpec().dnsProvider()).isEmpty();
        assertThat(page.providerProblemProperty().get()).isEmpty();
    }

    @Test
    void anHttpsProviderAsksForItsTokenFileAndChecksItBeforeAnythingIsSent() throws Exception {
        page.providerProperty().set("cloudflare");
        assertThat(page.providerProblemProperty().get()).isEqualTo("Choose the file that holds your Cloudflare API token.");

        Path token = tmp.resolve("cloudflare.token");
        page.tokenFileProperty().set(token.toString());
        assertThat(page.providerProblemProperty().get()).isEqualTo("The API token file " + token + " is not a file on this computer");

        Files.writeString(token, "");
        page.tokenFileProperty().set(token.toString() + " ");
        assertThat(page.providerProblemProperty().get()).contains("is empty: put the cloudflare API token in it");
    }

    @Test
    void theSpecNamesTheTokenFileNeverTheToken() throws Exception {
        Path token = tmp.resolve("cloudflare.token");
        Files.writeString(token, "s3cr3t-Token-Value\n");
        page.providerProperty().set("cloudflare");
        page.tokenFileProperty().set(token.toString());

        assertThat(page.providerProblemProperty().get()).isEmpty();
        var d = draft.toSpec().dnsProvider().orElseThrow();
        assertThat(d.provider()).isEqualTo("cloudflare");
        assertThat(d.tokenFile()).contains(token.toString());
        String yaml = SpecWriter.write(draft.toSpec(), "test");
        assertThat(yaml).contains("cloudflare").contains(token.toString()).doesNotContain("s3cr3t");
    }

    @Test
    void rfc2136AsksForTheServerAndTheTsigKeyFile() throws Exception {
        page.providerProperty().set("rfc2136");
        assertThat(page.providerProblemProperty().get()).isEqualTo("Type the DNS server that takes the updates (its name, or HOST:PORT).");
        page.serverProperty().set("127.0.0.1:5353");
        assertThat(page.providerProblemProperty().get()).isEqualTo("Choose the TSIG key file (as tsig-keygen writes it).");
        Path key = tmp.resolve("tsig.key");
        Files.writeString(key, "not a key");
        page.keyFileProperty().set(key.toString());
        assertThat(page.providerProblemProperty().get()).startsWith("The TSIG key file " + key + ":");

        Files.writeString(key, "key \"mailwright\" {\n\talgorithm hmac-sha256;\n\tsecret \"wjDbpkG1yQ0rQm4Z0sR2xkq5x8yT0rUm2Uq9m0S3t5E=\";\n};\n");
        page.keyFileProperty().set(key.toString() + " ");
        assertThat(page.providerProblemProperty().get()).isEmpty();
        var d = draft.toSpec().dnsProvider().orElseThrow();
        assertThat(d.server()).contains("127.0.0.1:5353");
        assertThat(d.keyFile()).contains(key.toString());
        assertThat(d.tokenFile()).as("only what the provider uses").isEmpty();
    }

    @Test
    void backToPublishingMyselfTakesTheProviderOutOfTheSpec() {
        page.providerProperty().set("hetzner");
        page.providerProperty().set("");

        assertThat(draft.toSpec().dnsProvider()).isEmpty();
        assertThat(page.providerProblemProperty().get()).isEmpty();
    }

    @Test
    void publishIsOfferedOnceInstalledWithAProviderAndRunsThroughTheWizardsSession() throws Exception {
        Path token = tmp.resolve("hetzner.token");
        Files.writeString(token, "tokentokentoken\n");
        page.providerProperty().set("hetzner");
        page.tokenFileProperty().set(token.toString());
        assertThat(page.publishOfferedProperty().get()).as("before install the DKIM keys do not exist").isFalse();

        draft.installReport.set(new org.mailwright.engine.RunReport(org.mailwright.engine.Runner.Mode.APPLY, java.util.List.of(), false,
                java.time.Duration.ZERO));
        assertThat(page.publishOfferedProperty().get()).isTrue();

        java.util.List<String> asked = new java.util.ArrayList<>();
        page.setDnsPublishers(spec -> new ProviderPublisher() {
            @Override
            public String providerName() {
                return "Hetzner DNS";
            }

            @Override
            public Preview preview(org.mailwright.session.DnsSetup records) {
                asked.add("preview " + records.domains());
                return new Preview() {
                    @Override
                    public java.util.List<java.util.List<String>> tableRows() {
                        return java.util.List.of(java.util.List.of("Action", "Name", "Type", "Value"),
                                java.util.List.of("create", "_dmarc.example.com", "TXT", "\"v=DMARC1; p=quarantine\""));
                    }

                    @Override
                    public String summary() {
                        return "1 to create, 0 to change, 0 already right";
                    }

                    @Override
                    public boolean writes() {
                        return true;
                    }
                };
            }

            @Override
            public void publish(Preview preview, org.mailwright.session.DnsPublishing.Progress progress) {
                asked.add("publish");
            }

            @Override
            public java.util.List<String> awaitAuthoritative(Preview preview, java.time.Duration timeout,
                                                             org.mailwright.session.DnsPublishing.Progress progress) {
                asked.add("wait");
                return java.util.List.of();
            }
        });
        PublishModel m = page.publishModel();
        m.start();
        assertThat(m.questionProperty().get()).isEqualTo("Publish 1 change at Hetzner DNS?");
        m.publish();

        assertThat(asked).containsExactly("preview [example.com]", "publish", "wait");
        assertThat(m.stateProperty().get()).isEqualTo(PublishModel.State.ANSWERED);
    }
}
