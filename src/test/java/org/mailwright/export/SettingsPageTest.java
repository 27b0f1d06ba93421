package org.mailwright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailwright.export.ExportFixtures.JOHN;
import static org.mailwright.export.ExportFixtures.ODD;
import static org.mailwright.export.ExportFixtures.SETTINGS;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

/** The plain text and the printable HTML page. */
class SettingsPageTest {

    /** Each table of the page as label -> value. */
    private static Map<String, String> table(Document doc, String id) {
        NodeList tables = doc.getElementsByTagName("table");
        for (int i = 0; i < tables.getLength(); i++) {
            Element t = (Element) tables.item(i);
            if (t.getAttribute("id").equals(id)) {
                Map<String, String> rows = new LinkedHashMap<>();
                for (Element tr : ExportFixtures.children(t, "tr")) {
                    rows.put(ExportFixtures.text(tr, "th"), ExportFixtures.text(tr, "td"));
                }
                return rows;
            }
        }
        throw new AssertionError("no table " + id);
    }

    @Test
    void textGivesServersPortsSecurityAndLogin() {
        String text = PlainTextSettings.render(SETTINGS, JOHN);
        assertThat(text).contains("John Doe <john@example.com>");
        String[] parts = text.split("Outgoing mail");
        assertThat(parts[0]).contains("IMAP").containsPattern("Server: +mail\\.example\\.com\n").containsPattern("Port: +993\n")
                .containsPattern("Security: +SSL/TLS\n").containsPattern("Username: +john@example\\.com\n").contains("password");
        assertThat(parts[1]).containsPattern("Server: +mail\\.example\\.com\n").containsPattern("Port: +587\n")
                .containsPattern("Security: +STARTTLS\n").containsPattern("port 465 with SSL/TLS")
                .containsPattern("Username: +john@example\\.com\n");
    }

    @Test
    void htmlPageTablesHoldTheSettings() {
        Document doc = ExportFixtures.parse(HtmlSettings.render(SETTINGS, JOHN));
        assertThat(table(doc, "incoming")).containsEntry("Server", "mail.example.com").containsEntry("Port", "993")
                .containsEntry("Security", "SSL/TLS").containsEntry("Username", "john@example.com").containsKey("Authentication");
        assertThat(table(doc, "outgoing")).containsEntry("Server", "mail.example.com").containsEntry("Port", "587")
                .containsEntry("Security", "STARTTLS").containsEntry("Username", "john@example.com");
        assertThat(altText(doc)).contains("port 465 with SSL/TLS");
    }

    private static String altText(Document doc) {
        NodeList ps = doc.getElementsByTagName("p");
        List<String> texts = new ArrayList<>();
        for (int i = 0; i < ps.getLength(); i++) {
            Element p = (Element) ps.item(i);
            if (p.getAttribute("id").equals("alternative")) {
                texts.add(p.getTextContent());
            }
        }
        return String.join("\n", texts);
    }

    @Test
    void htmlPageIsSelfContainedAndPrintable() {
        String html = HtmlSettings.render(SETTINGS, JOHN);
        assertThat(html).startsWith("<!DOCTYPE html>").contains("<style>").contains("@media print")
                .doesNotContain("<link").doesNotContain("<script").doesNotContain("src=").doesNotContain("http://").doesNotContain("https://");
    }

    @Test
    void htmlEscapesNamesAndAddresses() {
        String html = HtmlSettings.render(SETTINGS, ODD);
        assertThat(html).contains("Zoë &quot;Z&quot; &lt;Admin&gt; &amp; Co").contains("o&#39;b&amp;r=x@example.org")
                .doesNotContain("<Admin>").doesNotContain("o'b&r");
        Document doc = ExportFixtures.parse(html);
        assertThat(table(doc, "incoming")).containsEntry("Username", ExportFixtures.ODD_ADDRESS);
        assertThat(doc.getElementsByTagName("title").item(0).getTextContent()).contains(ExportFixtures.ODD_ADDRESS);
        assertThat(doc.getDocumentElement().getTextContent()).contains(ExportFixtures.ODD_NAME);
    }
}
