package org.mailwright.export;

import java.util.List;
import org.mailwright.export.ClientSettings.Endpoint;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Thunderbird's autoconfig file (clientConfig version 1.1) for one domain: Thunderbird (and K-9/Thunderbird for
 * Android, Evolution, KMail) fetch it when a person types an address of that domain, and fill in every setting.
 * The file is the same for every mailbox of the domain: the login is given as the placeholder %EMAILADDRESS%.
 *
 * <p>The clientConfig format has no element for ManageSieve (its schema knows incoming and outgoing servers, and
 * Thunderbird ignores unknown ones), so the file says where ManageSieve is in an XML comment rather than inventing an
 * element; the settings text names it for typing into a Sieve add-on.
 *
 * @see <a href="https://wiki.mozilla.org/Thunderbird:Autoconfiguration:ConfigFileFormat">clientConfig format</a>
 */
public final class ThunderbirdAutoconfig {
    private ThunderbirdAutoconfig() {
    }

    public static final String FILE_NAME = "config-v1.1.xml";
    /** Thunderbird puts the address the person typed in place of this. */
    public static final String ADDRESS_PLACEHOLDER = "%EMAILADDRESS%";

    /**
     * @param displayName how Thunderbird names the provider while it sets the account up
     */
    public static String render(ClientSettings settings, String domain, String displayName) {
        Document doc = Xml.newDocument();
        Element root = doc.createElement("clientConfig");
        root.setAttribute("version", "1.1");
        doc.appendChild(root);
        Element provider = Xml.child(root, "emailProvider");
        provider.setAttribute("id", domain);
        Xml.child(provider, "domain", domain);
        Xml.child(provider, "displayName", displayName);
        Xml.child(provider, "displayShortName", domain);
        server(provider, "incomingServer", "imap", settings.imap());
        // the first outgoing server is the one Thunderbird tries first
        server(provider, "outgoingServer", "smtp", settings.submission());
        server(provider, "outgoingServer", "smtp", settings.submissionAlternative());
        Endpoint sieve = settings.manageSieve();
        provider.appendChild(doc.createComment(" ManageSieve (RFC 5804) for filters: " + sieve.host() + " port " + sieve.port() + " with "
                + sieve.security().label() + ", same login. clientConfig 1.1 has no element for it, so it is only named here. "));
        return Xml.write(doc);
    }

    private static void server(Element provider, String element, String type, Endpoint e) {
        Element s = Xml.child(provider, element);
        s.setAttribute("type", type);
        Xml.child(s, "hostname", e.host());
        Xml.child(s, "port", String.valueOf(e.port()));
        Xml.child(s, "socketType", e.security().thunderbirdSocketType());
        Xml.child(s, "username", ADDRESS_PLACEHOLDER);
        // "password-cleartext" means PLAIN/LOGIN; it is safe here because the socket is already encrypted
        Xml.child(s, "authentication", "password-cleartext");
    }

    /** The two addresses Thunderbird looks under, in the order it tries them. */
    public static List<String> urls(String domain) {
        return List.of("https://autoconfig." + domain + "/mail/" + FILE_NAME,
                "https://" + domain + "/.well-known/autoconfig/mail/" + FILE_NAME);
    }

    /** What the person must do for Thunderbird to find the file: Mailwright does not run a web server for it. */
    public static String hostingNote(String domain) {
        var urls = urls(domain);
        return """
                Thunderbird finds this file on its own only when it is on the web at one of these addresses:

                  %s
                    (needs a DNS name autoconfig.%s pointing at a web server with a valid certificate for it)
                  %s
                    (on the website of %s, if it has one)

                Serve it as text/xml. Mailwright does not run a web server; put the file on the one you have.
                Without it, people type the settings by hand (see settings.txt in each mailbox's folder).
                """.formatted(urls.get(0), domain, urls.get(1), domain);
    }
}
