package org.mailwright.export;

import javax.xml.XMLConstants;
import org.mailwright.export.ClientSettings.Endpoint;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * Outlook's "plain old XML" autodiscover response for one address: the answer Outlook expects when it POSTs an
 * autodiscover request with that address to https://autodiscover.&lt;domain&gt;/autodiscover/autodiscover.xml.
 * Outlook sends a request body, so a plain static file works only if the web server answers POST with it.
 *
 * @see <a href="https://learn.microsoft.com/en-us/exchange/client-developer/web-service-reference/pox-autodiscover-response-for-exchange">POX autodiscover response</a>
 */
public final class OutlookAutodiscover {
    private OutlookAutodiscover() {
    }

    public static final String FILE_NAME = "autodiscover.xml";
    public static final String AUTODISCOVER_NS = "http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006";
    public static final String RESPONSE_NS = "http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a";

    /** The response to a request for {@code account}'s address. */
    public static String render(ClientSettings settings, ClientAccount account) {
        Document doc = Xml.newDocument();
        Element root = doc.createElementNS(AUTODISCOVER_NS, "Autodiscover");
        root.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", AUTODISCOVER_NS);
        doc.appendChild(root);
        Element response = doc.createElementNS(RESPONSE_NS, "Response");
        response.setAttributeNS(XMLConstants.XMLNS_ATTRIBUTE_NS_URI, "xmlns", RESPONSE_NS);
        root.appendChild(response);
        Element user = Xml.child(response, "User");
        Xml.child(user, "DisplayName", account.displayName());
        Element acct = Xml.child(response, "Account");
        Xml.child(acct, "AccountType", "email");
        Xml.child(acct, "Action", "settings");

        Element imap = protocol(acct, "IMAP", settings.imap(), account);
        Xml.child(imap, "SSL", "on");
        Xml.child(imap, "AuthRequired", "on");

        Element smtp = protocol(acct, "SMTP", settings.submission(), account);
        // Encryption overrides SSL and is the only way to say STARTTLS: <SSL>on</SSL> alone means TLS from the first byte
        Xml.child(smtp, "Encryption", encryption(settings.submission()));
        Xml.child(smtp, "AuthRequired", "on");
        // log in to SMTP with the same name and password as to IMAP
        Xml.child(smtp, "UsePOPAuth", "on");
        Xml.child(smtp, "SMTPLast", "off");
        return Xml.write(doc);
    }

    private static Element protocol(Element account, String type, Endpoint e, ClientAccount who) {
        Element p = Xml.child(account, "Protocol");
        Xml.child(p, "Type", type);
        Xml.child(p, "Server", e.host());
        Xml.child(p, "Port", String.valueOf(e.port()));
        Xml.child(p, "DomainRequired", "off");
        Xml.child(p, "LoginName", who.username());
        // SPA is Microsoft's NTLM login, which the server does not offer
        Xml.child(p, "SPA", "off");
        return p;
    }

    private static String encryption(Endpoint e) {
        return switch (e.security()) {
            case SSL_TLS -> "SSL";
            case STARTTLS -> "TLS";
        };
    }

    /** Where Outlook asks, for the person who sets up the web server. */
    public static String hostingNote(String domain) {
        return """
                Outlook asks for its settings with a POST to
                  https://autodiscover.%s/autodiscover/autodiscover.xml
                (or the same path on https://%s/). The answer depends on the address in the request; the
                autodiscover.xml in each mailbox's folder is the answer for that mailbox. Mailwright does not run a
                web server: serving it needs one that answers POST with the file for the requested address.
                """.formatted(domain, domain);
    }
}
