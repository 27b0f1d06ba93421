package org.mailwright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailwright.export.ExportFixtures.SETTINGS;
import static org.mailwright.export.ExportFixtures.child;
import static org.mailwright.export.ExportFixtures.children;
import static org.mailwright.export.ExportFixtures.text;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

class ThunderbirdAutoconfigTest {

    private static Element provider(String xml) {
        Document doc = ExportFixtures.parse(xml);
        Element root = doc.getDocumentElement();
        assertThat(root.getTagName()).isEqualTo("clientConfig");
        assertThat(root.getAttribute("version")).isEqualTo("1.1");
        return child(root, "emailProvider");
    }

    @Test
    void namesTheDomainAsProvider() {
        Element p = provider(ThunderbirdAutoconfig.render(SETTINGS, "example.org", "Example mail"));
        assertThat(p.getAttribute("id")).isEqualTo("example.org");
        assertThat(text(p, "domain")).isEqualTo("example.org");
        assertThat(text(p, "displayName")).isEqualTo("Example mail");
    }

    @Test
    void incomingIsImapWithImplicitTls() {
        Element in = child(provider(ThunderbirdAutoconfig.render(SETTINGS, "example.com", "x")), "incomingServer");
        assertThat(in.getAttribute("type")).isEqualTo("imap");
        assertThat(text(in, "hostname")).isEqualTo(SETTINGS.imap().host()).isEqualTo("mail.example.com");
        assertThat(text(in, "port")).isEqualTo("993");
        assertThat(text(in, "socketType")).isEqualTo("SSL");
        assertThat(text(in, "username")).isEqualTo("%EMAILADDRESS%");
        assertThat(text(in, "authentication")).isEqualTo("password-cleartext");
    }

    @Test
    void outgoingIsSubmissionWithStarttlsFirstThenImplicitTls() {
        List<Element> out = children(provider(ThunderbirdAutoconfig.render(SETTINGS, "example.com", "x")), "outgoingServer");
        assertThat(out).hasSize(2);
        assertThat(out).allSatisfy(s -> {
            assertThat(s.getAttribute("type")).isEqualTo("smtp");
            assertThat(text(s, "hostname")).isEqualTo("mail.example.com");
            assertThat(text(s, "username")).isEqualTo("%EMAILADDRESS%");
            assertThat(text(s, "authentication")).isEqualTo("password-cleartext");
        });
        assertThat(text(out.get(0), "port")).isEqualTo("587");
        assertThat(text(out.get(0), "socketType")).isEqualTo("STARTTLS");
        assertThat(text(out.get(1), "port")).isEqualTo("465");
        assertThat(text(out.get(1), "socketType")).isEqualTo("SSL");
    }

    @Test
    void providerNameWithMarkupRoundTripsExactly() {
        Element p = provider(ThunderbirdAutoconfig.render(SETTINGS, "example.org", ExportFixtures.ODD_NAME));
        assertThat(text(p, "displayName")).isEqualTo(ExportFixtures.ODD_NAME);
    }

    @Test
    void hostingNoteGivesBothAddressesThunderbirdTries() {
        assertThat(ThunderbirdAutoconfig.hostingNote("example.org"))
                .contains("https://autoconfig.example.org/mail/config-v1.1.xml")
                .contains("https://example.org/.well-known/autoconfig/mail/config-v1.1.xml");
    }
}
