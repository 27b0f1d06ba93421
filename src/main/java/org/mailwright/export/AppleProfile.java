package org.mailwright.export;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.Locale;
import java.util.Optional;
import java.util.UUID;
import java.util.function.Supplier;
import org.mailwright.model.EmailAddress;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * An Apple configuration profile (.mobileconfig) that adds one IMAP account to Mail on iPhone, iPad and Mac. The
 * profile is unsigned, so the device shows it as "Not Verified"; it still installs after the person confirms.
 *
 * <p>The identifiers are derived from the host name and the address, so installing a newer export replaces the
 * older profile instead of adding a second account; the UUIDs are fresh for every export, as Apple asks.
 *
 * <p>No ManageSieve: the Mail payload has keys for IMAP/POP and SMTP only, and Apple Mail has no Sieve filter editor
 * (its rules run on the device). The settings text names ManageSieve for apps that have one.
 *
 * @see <a href="https://developer.apple.com/documentation/devicemanagement/mail">Mail payload (com.apple.mail.managed)</a>
 */
public final class AppleProfile {
    private AppleProfile() {
    }

    public static final String FILE_SUFFIX = ".mobileconfig";
    public static final String PLIST_PUBLIC_ID = "-//Apple//DTD PLIST 1.0//EN";
    public static final String PLIST_SYSTEM_ID = "http://www.apple.com/DTDs/PropertyList-1.0.dtd";
    public static final String MAIL_PAYLOAD_TYPE = "com.apple.mail.managed";

    /**
     * @param password written into the profile only when present; then the file is a secret
     * @param uuids    a fresh UUID per call in real use ({@code UUID::randomUUID}), fixed ones in golden tests
     */
    public static String render(ClientSettings settings, ClientAccount account, Optional<String> password, Supplier<UUID> uuids) {
        String identifier = identifier(settings.imap().host(), account.address());
        Document doc = Xml.newDocument();
        Element plist = doc.createElement("plist");
        plist.setAttribute("version", "1.0");
        doc.appendChild(plist);
        Element top = Xml.child(plist, "dict");

        key(top, "PayloadContent");
        Element content = Xml.child(top, "array");
        Element mail = Xml.child(content, "dict");
        string(mail, "EmailAccountDescription", account.address());
        if (account.hasName()) {
            string(mail, "EmailAccountName", account.displayName());
        }
        string(mail, "EmailAccountType", "EmailTypeIMAP");
        string(mail, "EmailAddress", account.address());
        // Mail offers a password (PLAIN/LOGIN inside TLS) with EmailAuthPassword; the server offers nothing else
        string(mail, "IncomingMailServerAuthentication", "EmailAuthPassword");
        string(mail, "IncomingMailServerHostName", settings.imap().host());
        integer(mail, "IncomingMailServerPortNumber", settings.imap().port());
        bool(mail, "IncomingMailServerUseSSL", true);
        string(mail, "IncomingMailServerUsername", account.username());
        password.ifPresent(p -> string(mail, "IncomingPassword", p));
        string(mail, "OutgoingMailServerAuthentication", "EmailAuthPassword");
        string(mail, "OutgoingMailServerHostName", settings.submission().host());
        integer(mail, "OutgoingMailServerPortNumber", settings.submission().port());
        // on the submission port Mail reads UseSSL as "require STARTTLS"
        bool(mail, "OutgoingMailServerUseSSL", true);
        string(mail, "OutgoingMailServerUsername", account.username());
        password.ifPresent(p -> string(mail, "OutgoingPassword", p));
        bool(mail, "OutgoingPasswordSameAsIncomingPassword", true);
        string(mail, "PayloadDisplayName", "Mail account " + account.address());
        string(mail, "PayloadIdentifier", identifier + ".email");
        string(mail, "PayloadType", MAIL_PAYLOAD_TYPE);
        string(mail, "PayloadUUID", uuids.get().toString().toUpperCase(Locale.ROOT));
        integer(mail, "PayloadVersion", 1);

        string(top, "PayloadDescription", "Adds the mail account " + account.address() + " on " + settings.imap().host()
                + (password.isPresent() ? "." : ". Mail asks for the password while installing."));
        string(top, "PayloadDisplayName", account.hasName()
                ? "Mail: " + account.displayName() + " <" + account.address() + ">" : "Mail: " + account.address());
        string(top, "PayloadIdentifier", identifier);
        bool(top, "PayloadRemovalDisallowed", false);
        string(top, "PayloadType", "Configuration");
        string(top, "PayloadUUID", uuids.get().toString().toUpperCase(Locale.ROOT));
        integer(top, "PayloadVersion", 1);
        return Xml.write(doc, PLIST_PUBLIC_ID, PLIST_SYSTEM_ID);
    }

    /**
     * The profile's identifier: the host name reversed, then the mailbox's domain reversed and its name, e.g.
     * {@code com.example.mail.mailwright.com.example.john}. Identifiers allow letters, digits, dots and hyphens; a
     * name with other characters gets them replaced and a short digest of the address appended, so two
     * addresses never share an identifier.
     */
    public static String identifier(String hostname, String address) {
        String local = EmailAddress.localPartOf(address);
        String safe = local.replaceAll("[^a-z0-9-]", "-");
        if (!safe.equals(local)) {
            safe = safe + "-" + digest(EmailAddress.normalize(address));
        }
        return reverse(hostname) + ".mailwright." + reverse(EmailAddress.domainOf(address)) + "." + safe;
    }

    private static String reverse(String domain) {
        String[] labels = domain.split("\\.");
        StringBuilder s = new StringBuilder();
        for (int i = labels.length - 1; i >= 0; i--) {
            s.append(labels[i]);
            if (i > 0) {
                s.append('.');
            }
        }
        return s.toString();
    }

    private static String digest(String s) {
        try {
            byte[] d = MessageDigest.getInstance("SHA-256").digest(s.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(d, 0, 4);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is missing from this Java runtime", e);
        }
    }

    private static void key(Element dict, String key) {
        Xml.child(dict, "key", key);
    }

    private static void string(Element dict, String key, String value) {
        key(dict, key);
        Xml.child(dict, "string", value);
    }

    private static void integer(Element dict, String key, int value) {
        key(dict, key);
        Xml.child(dict, "integer", String.valueOf(value));
    }

    private static void bool(Element dict, String key, boolean value) {
        key(dict, key);
        Xml.child(dict, value ? "true" : "false");
    }
}
