package org.mailwright.ui.wizard.tls;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import org.mailwright.model.EmailAddress;
import org.mailwright.model.ServerSpec.TlsMode;
import org.mailwright.model.SpecProblem;
import org.mailwright.model.SpecValidator;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;

/**
 * Where the server's TLS certificate comes from: Let's Encrypt, another ACME server (a company CA, a test CA; the spec's
 * tls.acme-server and tls.acme-ca), self-signed, or one already on the server. Both ACME choices run certbot.
 */
public final class TlsPageModel extends PageModel {
    /** The choices on the page; the draft holds them as a mode plus the ACME server (blank for Let's Encrypt). */
    public enum Choice {
        LETS_ENCRYPT, OTHER_ACME, SELF_SIGNED, EXISTING;

        public TlsMode mode() {
            return switch (this) {
                case LETS_ENCRYPT, OTHER_ACME -> TlsMode.CERTBOT;
                case SELF_SIGNED -> TlsMode.SELF_SIGNED;
                case EXISTING -> TlsMode.EXISTING;
            };
        }
    }

    private final SetupDraft draft;
    private final ObjectProperty<Choice> choice = new SimpleObjectProperty<>(this, "choice");
    /** What was typed for another ACME server, kept while Let's Encrypt is chosen so switching back loses nothing. */
    private String keptServer = "";
    private String keptCa = "";

    public TlsPageModel(SetupDraft draft) {
        this.draft = draft;
        choice.set(choiceOf(draft));
        choice.addListener((o, was, now) -> choose(was, now));
        draft.tlsMode.addListener((o, was, now) -> {
            if (choice.get().mode() != now) {
                choice.set(choiceOf(draft));
            }
        });
        revalidateOn(choice, draft.tlsMode, draft.tlsEmail, draft.certPath, draft.certKeyPath, draft.acmeServer, draft.acmeCa);
    }

    private static Choice choiceOf(SetupDraft d) {
        return switch (d.tlsMode.get()) {
            case CERTBOT -> d.acmeServer.get().isBlank() ? Choice.LETS_ENCRYPT : Choice.OTHER_ACME;
            case SELF_SIGNED -> Choice.SELF_SIGNED;
            case EXISTING -> Choice.EXISTING;
        };
    }

    private void choose(Choice was, Choice now) {
        if (was == Choice.OTHER_ACME && now != Choice.OTHER_ACME) {
            keptServer = draft.acmeServer.get();
            keptCa = draft.acmeCa.get();
            draft.acmeServer.set("");
            draft.acmeCa.set("");
        } else if (now == Choice.OTHER_ACME && was != Choice.OTHER_ACME && draft.acmeServer.get().isBlank()) {
            draft.acmeServer.set(keptServer);
            draft.acmeCa.set(keptCa);
        }
        draft.tlsMode.set(now.mode());
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
        choice.set(choiceOf(draft)); // the draft may have been filled elsewhere (a profile, a test)
        super.onEnter();
    }

    @Override
    protected Optional<String> validate() {
        Choice c = choice.get();
        if (c.mode() == TlsMode.CERTBOT) {
            if (draft.tlsEmail.get().isBlank()) {
                return Optional.of("The certificate authority needs an email address for expiry notices.");
            }
            Optional<String> email = EmailAddress.problem(draft.tlsEmail.get()).map(p -> "Notice address " + p + ".");
            if (email.isPresent()) {
                return email;
            }
        }
        if (c == Choice.OTHER_ACME) {
            if (draft.acmeServer.get().isBlank()) {
                return Optional.of("Give the ACME server's directory URL (https://...), or choose Let's Encrypt.");
            }
            // the spec's own rules for these keys, as the CLI applies them to a YAML file
            Optional<String> spec = specProblem("tls.acme-server", "tls.acme-ca");
            if (spec.isPresent()) {
                return spec;
            }
            String ca = draft.acmeCa.get().strip();
            if (!ca.isEmpty() && !Files.isRegularFile(Path.of(ca.startsWith("~/") ? System.getProperty("user.home") + ca.substring(1) : ca))) {
                return Optional.of("There is no CA file at " + ca + " on this computer.");
            }
        }
        if (c == Choice.EXISTING) {
            Optional<String> cert = pathProblem("certificate chain", draft.certPath.get());
            if (cert.isPresent()) {
                return cert;
            }
            Optional<String> key = pathProblem("private key", draft.certKeyPath.get());
            return key.isPresent() ? key : specProblem("tls.cert", "tls.key");
        }
        return Optional.empty();
    }

    /** The first problem SpecValidator finds at one of {@code keys}, said as a sentence. */
    private Optional<String> specProblem(String... keys) {
        List<String> wanted = List.of(keys);
        return SpecValidator.validate(draft.toSpec()).stream().filter(p -> wanted.contains(p.path())).findFirst()
                .map(TlsPageModel::sentence);
    }

    private static String sentence(SpecProblem p) {
        String what = switch (p.path()) {
            case "tls.acme-server" -> "ACME server: ";
            case "tls.acme-ca" -> "CA file: ";
            case "tls.cert" -> "Certificate chain: ";
            case "tls.key" -> "Private key: ";
            default -> "";
        };
        return what + p.message() + ".";
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

    /** A sentence about the chosen option's consequences. */
    public static String explain(Choice c) {
        return switch (c) {
            case LETS_ENCRYPT -> "Recommended. A free certificate from Let's Encrypt, renewed automatically. Port 80 is opened "
                    + "only while a certificate is issued or renewed; the mail host name must already point at this server.";
            case OTHER_ACME -> "A certificate from another ACME certificate authority (your company's, or a test CA), issued "
                    + "and renewed by certbot like Let's Encrypt's. Give its directory URL and, if its HTTPS certificate is "
                    + "not publicly trusted, its CA certificate (a PEM file on this computer).";
            case SELF_SIGNED -> "Works at once, but every mail app warns about the certificate and some servers will not "
                    + "deliver to you over TLS. Fine for testing.";
            case EXISTING -> "Use a certificate you manage yourself. Give the paths on the server; you renew it, then "
                    + "reload opensmtpd and dovecot.";
        };
    }

    // Properties

    public ObjectProperty<Choice> choiceProperty() {
        return choice;
    }

    public SetupDraft draft() {
        return draft;
    }
}
