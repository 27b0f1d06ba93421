package org.mailwright.ui.wizard.dns;

import java.time.Duration;
import java.util.List;
import org.mailwright.model.ServerSpec;
import org.mailwright.session.DnsPublishing;
import org.mailwright.session.DnsSetup;

/**
 * What the window needs of a DNS provider to publish records: the session's {@link DnsPublishing} behind an interface,
 * so the publish dialog's model is tested against a fake without a provider or a network. Which provider answers
 * (an HTTPS API with an API token, or RFC 2136 with a TSIG key) is the session's to decide; the window never sees the
 * token or key. Every method but {@link #providerName()} blocks on the network: call it off the UI thread.
 */
public interface ProviderPublisher {

    /** What publishing would change, record set by record set: the diff the person confirms. */
    interface Preview {
        /** Rows of action ("create", "change", "leave alone", "conflict"), name, type, value; the header row first. */
        List<List<String>> tableRows();

        /** "2 to create, 1 to change, 5 already right". */
        String summary();

        /** Whether publishing would send anything. */
        boolean writes();
    }

    /** The provider as a person knows it ("RFC 2136 at ns1.example.net"). */
    String providerName();

    /**
     * Reads each zone the records fall in and says what publishing would change; changes nothing.
     *
     * @throws org.mailwright.session.SessionException the provider refused, with its sentence
     */
    Preview preview(DnsSetup records);

    /**
     * Makes the preview's changes at the provider.
     *
     * @throws org.mailwright.session.SessionException the provider refused; zones written before stay written
     */
    void publish(Preview preview, DnsPublishing.Progress progress);

    /**
     * Waits until every authoritative server of each changed zone answers the new values, at most {@code timeout}.
     *
     * @return what still answers old values when the time ran out; empty when all is new
     * @throws InterruptedException the person stopped waiting (the thread was interrupted)
     */
    List<String> awaitAuthoritative(Preview preview, Duration timeout, DnsPublishing.Progress progress) throws InterruptedException;

    /**
     * The provider {@code spec}'s {@code dns:} names, its API token or TSIG key read from its file now; nothing is sent.
     *
     * @throws IllegalArgumentException what {@link DnsPublishing#localProblem} says
     */
    static ProviderPublisher open(ServerSpec spec) {
        DnsPublishing publishing = DnsPublishing.open(spec);
        record Wrapped(DnsPublishing.Preview preview) implements Preview {
            @Override
            public List<List<String>> tableRows() {
                return preview.tableRows();
            }

            @Override
            public String summary() {
                return preview.summary();
            }

            @Override
            public boolean writes() {
                return preview.writes();
            }
        }
        return new ProviderPublisher() {
            @Override
            public String providerName() {
                return publishing.providerName();
            }

            @Override
            public Preview preview(DnsSetup records) {
                return new Wrapped(publishing.preview(records));
            }

            @Override
            public void publish(Preview preview, DnsPublishing.Progress progress) {
                publishing.publish(((Wrapped) preview).preview(), progress);
            }

            @Override
            public List<String> awaitAuthoritative(Preview preview, Duration timeout, DnsPublishing.Progress progress)
                    throws InterruptedException {
                return publishing.awaitAuthoritative(((Wrapped) preview).preview(), timeout, progress);
            }
        };
    }
}
