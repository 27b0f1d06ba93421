package org.mailwright.ui.wizard.tls;

import java.util.Optional;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/** Where the server's TLS certificate comes from: Let's Encrypt (certbot), self-signed, or one already on the server. */
public final class TlsPageModel extends PageModel {
    private final SetupDraft draft;

    public TlsPageModel(SetupDraft draft) {
        this.draft = draft;
        revalidateOn(draft.tlsMode, draft.tlsEmail, draft.certPath, draft.certKeyPath);
    }

    @Override
    public String id() {
        return "tls";
    }

    @Override
    public String title() {
        return "Certificate";
    }

    @Override
    public String subtitle() {
        return "Mail apps and other servers only talk to yours over an encrypted connection.";
    }

    @Override
    public void onEnter() {
        if (draft.tlsEmail.get().isBlank()) {
            draft.tlsEmail.set(draft.adminAddress.get()); // expiry notices go to the admin unless told otherwise
        }
        super.onEnter();
    }

    @Override
    protected Optional<String> validate() {
        TlsMode mode = draft.tlsMode.get();
        if (mode == TlsMode.CERTBOT) {
            if (draft.tlsEmail.get().isBlank()) {
                return Optional.of("Let's Encrypt needs an email address for expiry notices.");
            }
            return EmailAddress.problem(draft.tlsEmail.get()).map(p -> "Notice address " + p + ".");
        }
        if (mode == TlsMode.EXISTING) {
            Optional<String> cert = pathProblem("certificate chain", draft.certPath.get());
            return cert.isPresent() ? cert : pathProblem("private key", draft.certKeyPath.get());
        }
        return Optional.empty();
    }

    private static Optional<String> pathProblem(String what, String path) {
        if (path == null || path.isBlank()) {
            return Optional.of("Give the path of the " + what + " on the server.");
        }
        if (!path.strip().startsWith("/")) {
            return Optional.of("The " + what + " path must be absolute (start with /).");
        }
        return Optional.empty();
    }

    /** A sentence about the chosen mode's consequences. */
    public static String explain(TlsMode mode) {
        return switch (mode) {
            case CERTBOT -> "Recommended. A free certificate from Let's Encrypt, renewed automatically. Port 80 is opened "
                    + "only while a certificate is issued or renewed; the mail host name must already point at this server.";
            case SELF_SIGNED -> "Works at once, but every mail app warns about the certificate and some servers will not "
                    + "deliver to you over TLS. Fine for testing.";
            case EXISTING -> "Use a certificate you manage yourself. Give the paths on the server; you renew it, then "
                    + "reload opensmtpd and dovecot.";
        };
    }

    public SetupDraft draft() {
        return draft;
    }
}
