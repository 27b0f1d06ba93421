package org.mailwright.export;

import java.util.Objects;
import org.mailwright.model.MailPorts;
import org.mailwright.model.ServerSpec;

/**
 * What a mail client needs to reach a Mailwright server: IMAP with implicit TLS, and submission with STARTTLS plus
 * implicit TLS as the alternative. Every client format (text, HTML, Thunderbird, Apple, Outlook) is written from one
 * of these, so the formats cannot disagree with each other or with the server.
 *
 * <p>Every account authenticates with its full address and its password, sent inside TLS (PLAIN/LOGIN): the
 * server offers nothing else, and refuses a password before TLS.
 *
 * @param imap                  incoming mail
 * @param submission            outgoing mail, the preferred way
 * @param submissionAlternative outgoing mail where a network blocks the preferred port
 */
public record ClientSettings(Endpoint imap, Endpoint submission, Endpoint submissionAlternative) {

    public ClientSettings {
        Objects.requireNonNull(imap);
        Objects.requireNonNull(submission);
        Objects.requireNonNull(submissionAlternative);
    }

    /** The endpoints Mailwright configures for this spec: the server's own host name and {@link MailPorts}. */
    public static ClientSettings from(ServerSpec spec) {
        String host = spec.hostname();
        return new ClientSettings(new Endpoint(host, MailPorts.IMAPS, Security.SSL_TLS),
                new Endpoint(host, MailPorts.SUBMISSION, Security.STARTTLS),
                new Endpoint(host, MailPorts.SUBMISSIONS, Security.SSL_TLS));
    }

    /**
     * ManageSieve (RFC 5804), where mail apps with a Sieve filter editor (Thunderbird's Sieve add-on, Roundcube's
     * managesieve plugin) edit the person's own filters: the IMAP host, {@link MailPorts#MANAGESIEVE},
     * STARTTLS (RFC 5804 2.2: the protocol has no implicit-TLS port; the server refuses a login before it). Same login
     * and password as IMAP.
     */
    public Endpoint manageSieve() {
        return new Endpoint(imap.host(), MailPorts.MANAGESIEVE, Security.STARTTLS);
    }

    /** One server a client connects to. */
    public record Endpoint(String host, int port, Security security) {
        public Endpoint {
            Objects.requireNonNull(host);
            Objects.requireNonNull(security);
        }
    }

    /** How the connection is encrypted. */
    public enum Security {
        /** TLS from the first byte (called "SSL/TLS" by most clients). */
        SSL_TLS("SSL/TLS", "SSL"),
        /** Plain connection upgraded with STARTTLS before anything else is sent. */
        STARTTLS("STARTTLS", "STARTTLS");

        private final String label;
        private final String thunderbirdSocketType;

        Security(String label, String thunderbirdSocketType) {
            this.label = label;
            this.thunderbirdSocketType = thunderbirdSocketType;
        }

        /** The name most mail clients show in their settings. */
        public String label() {
            return label;
        }

        /** The clientConfig 1.1 socketType value. */
        String thunderbirdSocketType() {
            return thunderbirdSocketType;
        }
    }
}
