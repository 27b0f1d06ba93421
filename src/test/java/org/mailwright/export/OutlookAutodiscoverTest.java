package org.mailwright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailwright.export.ExportFixtures.SETTINGS;
import static org.mailwright.export.ExportFixtures.child;
import static org.mailwright.export.ExportFixtures.children;
import static org.mailwright.export.ExportFixtures.text;

import java.util.List;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Element;

class OutlookAutodiscoverTest {

    private static Element account(ClientAccount who) {
        Element root = ExportFixtures.parse(OutlookAutodiscover.render(SETTINGS, who)).getDocumentElement();
        assertThat(root.getLocalName()).isEqualTo("Autodiscover");
        assertThat(root.getNamespaceURI()).isEqualTo("http://schemas.microsoft.com/exchange/autodiscover/responseschema/2006");
        Element response = child(root, "Response");
        assertThat(response.getNamespaceURI()).isEqualTo("http://schemas.microsoft.com/exchange/autodiscover/outlook/responseschema/2006a");
        Element account = child(response, "Account");
        assertThat(account.getNamespaceURI()).isEqualTo(response.getNamespaceURI());
        return account;
    }

    private static Element protocol(Element account, String type) {
        List<Element> p = children(account, "Protocol").stream().filter(e -> text(e, "Type").equals(type)).toList();
        assertThat(p).as("Protocol of type " + type).hasSize(1);
        return p.get(0);
    }

    @Test
    void answersWithSettingsForAnEmailAccount() {
        Element a = account(ExportFixtures.JOHN);
        assertThat(text(a, "AccountType")).isEqualTo("email");
        assertThat(text(a, "Action")).isEqualTo("settings");
        assertThat(children(a, "Protocol")).extracting(e -> text(e, "Type")).containsExactly("IMAP", "SMTP");
    }

    @Test
    void imapIsPort993WithSsl() {
        Element imap = protocol(account(ExportFixtures.JOHN), "IMAP");
        assertThat(text(imap, "Server")).isEqualTo("mail.example.com");
        assertThat(text(imap, "Port")).isEqualTo("993");
        assertThat(text(imap, "SSL")).isEqualTo("on");
        assertThat(text(imap, "SPA")).isEqualTo("off");
        assertThat(text(imap, "LoginName")).isEqualTo("john@example.com");
    }

    @Test
    void smtpIsPort587WithStarttls() {
        Element smtp = protocol(account(ExportFixtures.JOHN), "SMTP");
        assertThat(text(smtp, "Server")).isEqualTo("mail.example.com");
        assertThat(text(smtp, "Port")).isEqualTo("587");
        assertThat(text(smtp, "Encryption")).isEqualTo("TLS");
        assertThat(children(smtp, "SSL")).as("<SSL>on</SSL> would mean TLS from the first byte").isEmpty();
        assertThat(text(smtp, "AuthRequired")).isEqualTo("on");
        assertThat(text(smtp, "LoginName")).isEqualTo("john@example.com");
    }

    @Test
    void oddAddressAndNameRoundTripExactly() {
        Element a = account(ExportFixtures.ODD);
        assertThat(text(protocol(a, "IMAP"), "LoginName")).isEqualTo(ExportFixtures.ODD_ADDRESS);
        assertThat(text(protocol(a, "SMTP"), "LoginName")).isEqualTo(ExportFixtures.ODD_ADDRESS);
        Element root = ExportFixtures.parse(OutlookAutodiscover.render(SETTINGS, ExportFixtures.ODD)).getDocumentElement();
        assertThat(text(child(child(root, "Response"), "User"), "DisplayName")).isEqualTo(ExportFixtures.ODD_NAME);
    }
}
