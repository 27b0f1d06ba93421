package org.mailwright.ui.dashboard;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.ZoneOffset;
import java.time.Clock;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.ui.UiExecutor;
import org.mailwright.ui.profiles.ProfileStore;
import org.mailwright.ui.wizard.dns.PublishModel;
import org.mailwright.ui.wizard.dns.PublishModel.ChangeRow;
import org.mailwright.ui.wizard.dns.PublishModel.State;

/** "Publish at provider" from the dashboard, without JavaFX running: everything on the test's thread. */
class PublishModelTest {
    @TempDir
    Path tmp;
    FakeDashboardSession session;
    FakeProviderPublisher provider;
    DashboardModel dashboard;

    /** The dashboard's spec with an RFC 2136 provider whose TSIG key file is {@code key}. */
    static String specWithProvider(Path key) {
        return DashboardModelTest.SPEC + "dns:      { provider: rfc2136, server: 127.0.0.1, key-file: " + key + " }\n";
    }

    static final String TSIG_KEY = """
            key "mailwright" {
            	algorithm hmac-sha256;
            	secret "wjDbpkG1yQ0rQm4Z0sR2xkq5x8yT0rUm2Uq9m0S3t5E=";
            };
            """;

    @BeforeEach
    void setUp() throws Exception {
        session = new FakeDashboardSession();
        provider = new FakeProviderPublisher();
        Path key = tmp.resolve("tsig.key");
        Files.writeString(key, TSIG_KEY);
        Files.writeString(tmp.resolve("mail.yaml"), specWithProvider(key));
        dashboard = new DashboardModel(session, new ProfileStore(tmp.resolve("profiles")), UiExecutor.sameThread(),
                Clock.fixed(FakeDashboardSession.NOW, ZoneOffset.UTC));
        dashboard.setDnsPublishers(spec -> provider);
        dashboard.hostProperty().set("203.0.113.10");
        dashboard.passwordProperty().set("correct horse battery");
        dashboard.specPathProperty().set(tmp.resolve("mail.yaml").toString());
        dashboard.connect();
        assertThat(dashboard.messageProperty().get()).isEmpty();
    }

    @Test
    void previewShowsEachRecordSetWithItsActionAndAsksForTheChanges() {
        PublishModel m = dashboard.dnsPublish();
        assertThat(m.providerNameProperty().get()).as("the spec's name before the provider is opened")
                .isEqualTo("your DNS server (RFC 2136)");

        m.start();

        assertThat(m.stateProperty().get()).isEqualTo(State.ASKING);
        assertThat(provider.calls).containsExactly("preview [example.com]");
        assertThat(m.rows()).extracting(ChangeRow::action)
                .containsExactly("leave alone", "leave alone", "change", "create", "create", "conflict");
        assertThat(m.rows().get(3)).extracting(ChangeRow::name, ChangeRow::type).containsExactly("dkim._domainkey.example.com", "TXT");
        assertThat(m.summaryProperty().get()).isEqualTo("2 to create, 1 to change, 2 already right, 1 in conflict (not published).");
        assertThat(m.changeCountProperty().get()).isEqualTo(3);
        assertThat(m.questionProperty().get()).isEqualTo("Publish 3 changes at RFC 2136 at ns1.example.net?");
        assertThat(m.resultProperty().get()).isEmpty();
    }

    @Test
    void confirmedPublishesThenWaitsAndEndsAnswered() {
        PublishModel m = dashboard.dnsPublish();
        m.start();
        java.util.List<String> steps = new java.util.ArrayList<>();
        m.progressTextProperty().addListener((o, was, now) -> steps.add(now));
        java.util.List<Double> progress = new java.util.ArrayList<>();
        m.progressProperty().addListener((o, was, now) -> progress.add(now.doubleValue()));

        m.publish();

        assertThat(provider.calls).containsExactly("preview [example.com]", "publish", "wait 600");
        assertThat(m.stateProperty().get()).isEqualTo(State.ANSWERED);
        assertThat(m.resultProperty().get())
                .isEqualTo("Published at RFC 2136 at ns1.example.net, and every authoritative server answers the new records.");
        assertThat(steps).contains("Updating zone example.com at RFC 2136 at ns1.example.net",
                "Waiting for the authoritative servers: 1 of 3 answer the new records");
        assertThat(progress).as("the bar follows the callback's done of total").contains(1.0 / 3, 2.0 / 3);
        assertThat(m.progressProperty().get()).isEqualTo(1.0);
    }

    @Test
    void serversStillCopyingWhenTheWaitEndsIsSaidNotRefused() {
        provider.late = java.util.List.of("example.com TXT at 198.51.100.53:53");
        PublishModel m = new PublishModel(session, dashboard.spec(), s -> provider, UiExecutor.sameThread(), Duration.ofSeconds(30));
        m.start();

        m.publish();

        assertThat(m.stateProperty().get()).isEqualTo(State.COPYING);
        assertThat(m.resultProperty().get()).startsWith("Published at RFC 2136 at ns1.example.net; after 30 s its servers still copy it "
                + "(example.com TXT at 198.51.100.53:53).");
    }

    @Test
    void stoppingTheWaitKeepsWhatWasPublished() {
        PublishModel m = dashboard.dnsPublish();
        m.start();
        provider.whileWaiting = m::cancel;

        m.publish();

        assertThat(m.stateProperty().get()).isEqualTo(State.COPYING);
        assertThat(m.resultProperty().get()).startsWith("Published at RFC 2136 at ns1.example.net; stopped waiting for its servers.");
        assertThat(Thread.currentThread().isInterrupted()).as("the stop does not outlive the wait").isFalse();
    }

    @Test
    void cancelledBeforeConfirmingSendsNothing() {
        PublishModel m = dashboard.dnsPublish();
        m.start();

        m.cancel();
        m.publish();

        assertThat(provider.calls).containsExactly("preview [example.com]");
        assertThat(m.stateProperty().get()).isEqualTo(State.CANCELLED);
        assertThat(m.resultProperty().get()).isEqualTo("Nothing was sent to RFC 2136 at ns1.example.net.");
    }

    @Test
    void nothingToChangeSaysSoAndAsksNothing() {
        provider.zone = FakeProviderPublisher.ALL_RIGHT;
        PublishModel m = dashboard.dnsPublish();

        m.start();
        m.publish();

        assertThat(m.stateProperty().get()).isEqualTo(State.NOTHING_TO_DO);
        assertThat(m.questionProperty().get()).isEqualTo("Nothing to change: every record is already right at RFC 2136 at ns1.example.net.");
        assertThat(provider.calls).containsExactly("preview [example.com]");
    }

    @Test
    void aRefusalIsTheProvidersSentence() {
        provider.publishFails = "the server refused the update (NOTAUTH): the TSIG key mailwright may not update example.com; "
                + "allow it with update-policy in named.conf";
        PublishModel m = dashboard.dnsPublish();
        m.start();

        m.publish();

        assertThat(m.stateProperty().get()).isEqualTo(State.REFUSED);
        assertThat(m.resultProperty().get()).isEqualTo("RFC 2136 at ns1.example.net: the server refused the update (NOTAUTH): the "
                + "TSIG key mailwright may not update example.com; allow it with update-policy in named.conf");
        assertThat(provider.calls).doesNotContain("wait 600");
    }

    @Test
    void aZoneThatCannotBeReadIsRefusedBeforeAsking() {
        provider.previewFails = "zone transfer of example.com refused (REFUSED): allow it to the key with allow-transfer";
        PublishModel m = dashboard.dnsPublish();

        m.start();

        assertThat(m.stateProperty().get()).isEqualTo(State.REFUSED);
        assertThat(m.rows()).isEmpty();
        assertThat(m.resultProperty().get()).contains("allow-transfer");
    }

    @Test
    void aMissingKeyFileIsSaidBeforeAnythingIsSent() throws Exception {
        Files.delete(tmp.resolve("tsig.key"));
        PublishModel m = dashboard.dnsPublish();

        assertThat(PublishModel.localProblem(dashboard.spec())).hasValueSatisfying(p -> assertThat(p).contains("tsig.key"));
        m.start();

        assertThat(m.stateProperty().get()).isEqualTo(State.REFUSED);
        assertThat(m.resultProperty().get()).contains("is not a file on this computer");
        assertThat(provider.calls).isEmpty();
    }
}
