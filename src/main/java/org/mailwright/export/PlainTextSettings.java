package org.mailwright.export;

import org.mailwright.export.ClientSettings.Endpoint;
import org.mailwright.model.EmailAddress;

/**
 * The settings as plain text, for a person typing them into any mail client, and the subaddress separator (RFC 5233)
 * the server applies, so the person can hand out tagged addresses and file them, and where filters are edited
 * (ManageSieve, RFC 5804).
 */
public final class PlainTextSettings {
    private PlainTextSettings() {
    }

    /**
     * @return the text: incoming (IMAP) and outgoing (SMTP) servers, ports, security, login, subaddressing, and
     *         ManageSieve for filters
     */
    public static String render(ClientSettings settings, ClientAccount account) {
        StringBuilder s = new StringBuilder();
        String who = account.hasName() ? account.displayName() + " <" + account.address() + ">" : account.address();
        s.append("Mail settings for ").append(who).append("\n\n");
        s.append("Incoming mail (IMAP)\n");
        endpoint(s, settings.imap());
        login(s, account);
        s.append("\nOutgoing mail (SMTP)\n");
        endpoint(s, settings.submission());
        s.append(line("If port " + settings.submission().port() + " is blocked",
                "port " + settings.submissionAlternative().port() + " with " + settings.submissionAlternative().security().label()
                        + " on " + settings.submissionAlternative().host()));
        login(s, account);
        s.append("\nFilters (ManageSieve, for mail apps with a Sieve filter editor)\n");
        endpoint(s, settings.manageSieve());
        login(s, account);
        s.append("\nSubaddresses (tagged addresses)\n");
        s.append(line("Separator", Character.toString(EmailAddress.SUBADDRESS_SEPARATOR)));
        s.append(line("Example", tagged(account.address(), "news") + " reaches " + account.address()
                + "; the tag stays in the Delivered-To header, for filters"));
        s.append("\nPassword: the one set for this mailbox (it is not part of these settings).\n");
        return s.toString();
    }

    /** {@code address} with {@code tag} after the separator: the server delivers it to {@code address}. */
    private static String tagged(String address, String tag) {
        int at = address.lastIndexOf('@');
        return address.substring(0, at) + EmailAddress.SUBADDRESS_SEPARATOR + tag + address.substring(at);
    }

    private static void endpoint(StringBuilder s, Endpoint e) {
        s.append(line("Server", e.host()));
        s.append(line("Port", String.valueOf(e.port())));
        s.append(line("Security", e.security().label()));
    }

    private static void login(StringBuilder s, ClientAccount account) {
        s.append(line("Username", account.username()));
        s.append(line("Authentication", "password (\"normal password\")"));
    }

    private static String line(String label, String value) {
        return String.format("  %-24s %s", label + ":", value) + "\n";
    }
}
