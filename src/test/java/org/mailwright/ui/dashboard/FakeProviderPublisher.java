package org.mailwright.ui.dashboard;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.mailwright.session.DnsPublishing;
import org.mailwright.session.DnsSetup;
import org.mailwright.session.SessionException;
import org.mailwright.ui.wizard.dns.ProviderPublisher;

/**
 * A DNS provider for the publish dialog's tests: a zone that lacks the DKIM and DMARC records and has an old SPF,
 * a publish that reports two zones' progress, a wait that takes {@link #waitSteps} polls of {@link #pollMillis}.
 */
public final class FakeProviderPublisher implements ProviderPublisher {
    record Preview(List<List<String>> tableRows, String summary, boolean writes) implements ProviderPublisher.Preview {
    }

    static final List<List<String>> TO_CHANGE = List.of(
            List.of("Action", "Name", "Type", "Value"),
            List.of("leave alone", "mail.example.com", "A", "203.0.113.10"),
            List.of("leave alone", "example.com", "MX", "10 mail.example.com."),
            List.of("change", "example.com", "TXT", "\"v=spf1 mx -all\""),
            List.of("create", "dkim._domainkey.example.com", "TXT", "\"v=DKIM1; k=rsa; p=MIIBIjANBgkqhkiG9w0BAQEFAAOCAQ8AMIIBCgKCAQEAz3"
                    + "Lq1kW4Wm9u3cTn0YwJ1bqkK8mZt0ZyvQ8b2r5cJx4o0xJp8m1ZkR2cVQe7dG3j9XJ6mU4vN1oT8sP3qL5yW2aB7hC0fE9gD1iK4jM6nO8pQ\""),
            List.of("create", "_dmarc.example.com", "TXT", "\"v=DMARC1; p=quarantine; rua=mailto:postmaster@example.com\""),
            List.of("conflict", "example.com", "CAA", "a CAA record Mailwright did not make names another CA: left as it is"));
    static final List<List<String>> ALL_RIGHT = List.of(
            List.of("Action", "Name", "Type", "Value"),
            List.of("leave alone", "mail.example.com", "A", "203.0.113.10"),
            List.of("leave alone", "example.com", "MX", "10 mail.example.com."));

    public final List<String> calls = new ArrayList<>();
    volatile List<List<String>> zone = TO_CHANGE;
    volatile String previewFails;
    volatile String publishFails;
    volatile List<String> late = List.of();
    volatile int waitSteps = 3;
    volatile long pollMillis;
    /** Runs at the first poll of the wait (a test stops the wait from here). */
    volatile Runnable whileWaiting = () -> {
    };

    @Override
    public String providerName() {
        return "RFC 2136 at ns1.example.net";
    }

    @Override
    public ProviderPublisher.Preview preview(DnsSetup records) {
        calls.add("preview " + records.domains());
        if (previewFails != null) {
            throw new SessionException(providerName() + ": " + previewFails);
        }
        long create = zone.stream().filter(r -> r.get(0).equals("create")).count();
        long change = zone.stream().filter(r -> r.get(0).equals("change")).count();
        long keep = zone.stream().filter(r -> r.get(0).equals("leave alone")).count();
        long conflict = zone.stream().filter(r -> r.get(0).equals("conflict")).count();
        return new Preview(zone, create + " to create, " + change + " to change, " + keep + " already right"
                + (conflict == 0 ? "" : ", " + conflict + " in conflict (not published)"), create + change > 0);
    }

    @Override
    public void publish(ProviderPublisher.Preview preview, DnsPublishing.Progress progress) {
        calls.add("publish");
        progress.step("Updating zone example.com at " + providerName(), 0, 1);
        if (publishFails != null) {
            throw new SessionException(providerName() + ": " + publishFails);
        }
        progress.step("Zone example.com updated", 1, 1);
    }

    @Override
    public List<String> awaitAuthoritative(ProviderPublisher.Preview preview, Duration timeout, DnsPublishing.Progress progress)
            throws InterruptedException {
        calls.add("wait " + timeout.toSeconds());
        for (int i = 0; i < waitSteps; i++) {
            progress.step("Waiting for the authoritative servers: " + i + " of " + waitSteps + " answer the new records", i, waitSteps);
            if (i == 0) {
                whileWaiting.run();
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            Thread.sleep(pollMillis);
        }
        progress.step("Every authoritative server answers the new records", waitSteps, waitSteps);
        return late;
    }
}
