package org.mailwright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailwright.export.ExportFixtures.JOHN;
import static org.mailwright.export.ExportFixtures.ODD;
import static org.mailwright.export.ExportFixtures.SETTINGS;
import static org.mailwright.export.ExportFixtures.dict;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;

class AppleProfileTest {

    private static Map<String, Object> profile(ClientAccount who, Optional<String> password) {
        Document doc = ExportFixtures.parse(AppleProfile.render(SETTINGS, who, password, UUID::randomUUID));
        assertThat(doc.getDoctype()).isNotNull();
        assertThat(doc.getDoctype().getName()).isEqualTo("plist");
        assertThat(doc.getDoctype().getPublicId()).isEqualTo("-//Apple//DTD PLIST 1.0//EN");
        return dict(ExportFixtures.plist(doc));
    }

    private static Map<String, Object> mailPayload(Map<String, Object> profile) {
        List<?> content = (List<?>) profile.get("PayloadContent");
        assertThat(content).hasSize(1);
        return dict(content.get(0));
    }

    @Test
    void isAVersion1ConfigurationProfile() {
        Map<String, Object> p = profile(JOHN, Optional.empty());
        assertThat(p).containsEntry("PayloadType", "Configuration").containsEntry("PayloadVersion", 1L)
                .containsKeys("PayloadDisplayName", "PayloadIdentifier", "PayloadUUID");
        assertThat((String) p.get("PayloadDisplayName")).contains("john@example.com");
    }

    @Test
    void holdsOneImapMailPayload() {
        Map<String, Object> m = mailPayload(profile(JOHN, Optional.empty()));
        assertThat(m).containsEntry("PayloadType", "com.apple.mail.managed").containsEntry("PayloadVersion", 1L)
                .containsEntry("EmailAccountType", "EmailTypeIMAP")
                .containsEntry("EmailAddress", "john@example.com")
                .containsEntry("EmailAccountName", "John Doe");
    }

    @Test
    void incomingServerIsImapsWithPasswordLogin() {
        Map<String, Object> m = mailPayload(profile(JOHN, Optional.empty()));
        assertThat(m).containsEntry("IncomingMailServerHostName", "mail.example.com")
                .containsEntry("IncomingMailServerPortNumber", 993L)
                .containsEntry("IncomingMailServerUseSSL", true)
                .containsEntry("IncomingMailServerUsername", "john@example.com")
                .containsEntry("IncomingMailServerAuthentication", "EmailAuthPassword");
    }

    @Test
    void outgoingServerIsSubmissionWithPasswordLogin() {
        Map<String, Object> m = mailPayload(profile(JOHN, Optional.empty()));
        assertThat(m).containsEntry("OutgoingMailServerHostName", "mail.example.com")
                .containsEntry("OutgoingMailServerPortNumber", 587L)
                .containsEntry("OutgoingMailServerUseSSL", true)
                .containsEntry("OutgoingMailServerUsername", "john@example.com")
                .containsEntry("OutgoingMailServerAuthentication", "EmailAuthPassword")
                .containsEntry("OutgoingPasswordSameAsIncomingPassword", true);
    }

    @Test
    void carriesNoPasswordUnlessAsked() {
        Map<String, Object> m = mailPayload(profile(JOHN, Optional.empty()));
        assertThat(m).doesNotContainKeys("IncomingPassword", "OutgoingPassword");
    }

    @Test
    void carriesThePasswordWhenAsked() {
        Map<String, Object> m = mailPayload(profile(JOHN, Optional.of("s3cret & <stuff>")));
        assertThat(m).containsEntry("IncomingPassword", "s3cret & <stuff>").containsEntry("OutgoingPassword", "s3cret & <stuff>");
    }

    @Test
    void identifiersAreTheSameInEveryExport() {
        Map<String, Object> first = profile(JOHN, Optional.empty());
        Map<String, Object> second = profile(JOHN, Optional.empty());
        assertThat(first.get("PayloadIdentifier")).isEqualTo(second.get("PayloadIdentifier"))
                .isEqualTo("com.example.mail.mailwright.com.example.john");
        assertThat(mailPayload(first).get("PayloadIdentifier")).isEqualTo(mailPayload(second).get("PayloadIdentifier"));
        assertThat(mailPayload(first).get("PayloadIdentifier")).isNotEqualTo(first.get("PayloadIdentifier"));
    }

    @Test
    void uuidsAreFreshInEveryExport() {
        Map<String, Object> first = profile(JOHN, Optional.empty());
        Map<String, Object> second = profile(JOHN, Optional.empty());
        assertThat(first.get("PayloadUUID")).isNotEqualTo(second.get("PayloadUUID"));
        assertThat(mailPayload(first).get("PayloadUUID")).isNotEqualTo(mailPayload(second).get("PayloadUUID"));
    }

    @Test
    void uuidsAreUniqueWithinAProfileAndWellFormed() {
        Map<String, Object> p = profile(JOHN, Optional.empty());
        String outer = (String) p.get("PayloadUUID");
        String inner = (String) mailPayload(p).get("PayloadUUID");
        assertThat(outer).isNotEqualTo(inner);
        assertThat(UUID.fromString(outer).toString()).isEqualToIgnoringCase(outer);
        assertThat(UUID.fromString(inner).toString()).isEqualToIgnoringCase(inner);
    }

    @Test
    void sameLocalPartInTwoDomainsGetsTwoIdentifiers() {
        assertThat(AppleProfile.identifier("mail.example.com", "john@example.com"))
                .isNotEqualTo(AppleProfile.identifier("mail.example.com", "john@example.org"));
    }

    @Test
    void identifierOfAnOddAddressIsReverseDnsSafeAndDistinct() {
        String odd = AppleProfile.identifier("mail.example.com", "a&b@example.com");
        assertThat(odd).matches("[a-z0-9.-]+").startsWith("com.example.mail.mailwright.com.example.a-b-");
        assertThat(odd).isNotEqualTo(AppleProfile.identifier("mail.example.com", "a-b@example.com"))
                .isNotEqualTo(AppleProfile.identifier("mail.example.com", "a'b@example.com"))
                .isEqualTo(AppleProfile.identifier("mail.example.com", "A&B@Example.com"));
    }

    @Test
    void oddAddressAndNameRoundTripExactly() {
        Map<String, Object> p = profile(ODD, Optional.empty());
        Map<String, Object> m = mailPayload(p);
        assertThat(m).containsEntry("EmailAddress", ExportFixtures.ODD_ADDRESS)
                .containsEntry("IncomingMailServerUsername", ExportFixtures.ODD_ADDRESS)
                .containsEntry("OutgoingMailServerUsername", ExportFixtures.ODD_ADDRESS)
                .containsEntry("EmailAccountName", ExportFixtures.ODD_NAME);
        assertThat((String) p.get("PayloadDisplayName")).contains(ExportFixtures.ODD_NAME);
    }
}
