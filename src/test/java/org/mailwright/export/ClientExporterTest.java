package org.mailwright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;
import static org.mailwright.export.ExportFixtures.SPEC;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientExporterTest {
    private static final String ODD_FOLDER = "o%27b%26r%3Dx@example.org";

    @TempDir
    Path dir;

    private List<String> files() throws IOException {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString().replace('\\', '/')).sorted().toList();
        }
    }

    private static ExportOptions options() {
        return ExportOptions.defaults().withUuids(ExportFixtures.fixedUuids());
    }

    @Test
    void writesEveryFormatPerMailboxAndAutoconfigOncePerDomain() throws IOException {
        List<Path> written = ClientExporter.exportAll(SPEC, dir, options());
        assertThat(files()).containsExactly(
                "example.com/README.txt",
                "example.com/autoconfig/config-v1.1.xml",
                "example.org/README.txt",
                "example.org/autoconfig/config-v1.1.xml",
                "john@example.com/autodiscover.xml",
                "john@example.com/john@example.com.mobileconfig",
                "john@example.com/settings.html",
                "john@example.com/settings.txt",
                ODD_FOLDER + "/autodiscover.xml",
                ODD_FOLDER + "/" + ODD_FOLDER + ".mobileconfig",
                ODD_FOLDER + "/settings.html",
                ODD_FOLDER + "/settings.txt");
        assertThat(written).hasSize(12).allSatisfy(p -> assertThat(p).isRegularFile());
    }

    @Test
    void writtenFilesAreTheRenderedSettingsOfTheirMailbox() throws IOException {
        ClientExporter.exportAll(SPEC, dir, options());
        var oddProfile = ExportFixtures.dict(ExportFixtures.plist(ExportFixtures.parse(
                Files.readString(dir.resolve(ODD_FOLDER).resolve(ODD_FOLDER + ".mobileconfig")))));
        assertThat(ExportFixtures.dict(((List<?>) oddProfile.get("PayloadContent")).get(0)))
                .containsEntry("EmailAddress", ExportFixtures.ODD_ADDRESS);
        var autoconfig = ExportFixtures.parse(Files.readString(dir.resolve("example.org/autoconfig/config-v1.1.xml")));
        assertThat(ExportFixtures.child(autoconfig.getDocumentElement(), "emailProvider").getAttribute("id")).isEqualTo("example.org");
        assertThat(Files.readString(dir.resolve("john@example.com/settings.txt"))).contains("Username:").contains("john@example.com");
        assertThat(Files.readString(dir.resolve("example.org/README.txt")))
                .contains("https://autoconfig.example.org/mail/config-v1.1.xml")
                .contains("https://example.org/.well-known/autoconfig/mail/config-v1.1.xml");
    }

    @Test
    void onlyTheChosenMailboxAndItsDomain() throws IOException {
        ClientExporter.exportAll(SPEC, dir, options().withUser("John@Example.com"));
        assertThat(files()).allMatch(f -> f.startsWith("john@example.com/") || f.startsWith("example.com/")).isNotEmpty();
    }

    @Test
    void onlyTheChosenFormats() throws IOException {
        ClientExporter.exportAll(SPEC, dir, options().withFormats(EnumSet.of(ExportFormat.THUNDERBIRD)));
        assertThat(files()).containsExactly("example.com/README.txt", "example.com/autoconfig/config-v1.1.xml",
                "example.org/README.txt", "example.org/autoconfig/config-v1.1.xml");
    }

    @Test
    void refusesAMailboxTheSpecDoesNotHave() {
        assertThatThrownBy(() -> ClientExporter.exportAll(SPEC, dir, options().withUser("nobody@example.com")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("nobody@example.com").hasMessageContaining("john@example.com");
    }

    @Test
    void writesTheZoneSnippetOnlyWhenGiven() throws IOException {
        ClientExporter.exportAll(SPEC, dir, options());
        assertThat(dir.resolve(ClientExporter.ZONE_FILE)).doesNotExist();
        String snippet = "example.com. 3600 IN MX 10 mail.example.com.\n";
        ClientExporter.exportAll(SPEC, dir, options().withZoneSnippet(snippet));
        assertThat(dir.resolve(ClientExporter.ZONE_FILE)).hasContent(snippet);
    }

    @Test
    void profileWithAPasswordIsReadableByItsOwnerOnly() throws IOException {
        assumeThat(dir.getFileSystem().supportedFileAttributeViews()).as("POSIX permissions").contains("posix");
        ClientExporter.exportAll(SPEC, dir, options().withPassword("john@example.com", "correct horse"));
        Path profile = dir.resolve("john@example.com/john@example.com.mobileconfig");
        assertThat(Files.readString(profile)).contains("correct horse");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(profile))).isEqualTo("rw-------");
    }

    @Test
    void passwordGoesIntoTheProfileOnly() throws IOException {
        ClientExporter.exportAll(SPEC, dir, options().withPassword("john@example.com", "correct horse"));
        for (String f : files()) {
            boolean isJohnsProfile = f.equals("john@example.com/john@example.com.mobileconfig");
            assertThat(Files.readString(dir.resolve(f)).contains("correct horse")).as(f).isEqualTo(isJohnsProfile);
        }
    }

    @Test
    void exportingAgainWithoutPasswordRemovesIt() throws IOException {
        ClientExporter.exportAll(SPEC, dir, options().withPassword("john@example.com", "correct horse"));
        ClientExporter.exportAll(SPEC, dir, options());
        assertThat(Files.readString(dir.resolve("john@example.com/john@example.com.mobileconfig"))).doesNotContain("correct horse");
    }

    @Test
    void optionsNeverShowPasswords() {
        assertThat(options().withPassword("john@example.com", "correct horse").toString())
                .doesNotContain("correct horse").contains("john@example.com");
    }

    @ParameterizedTest
    @ValueSource(strings = {"a/b@example.com", "..", ".hidden@example.com", "a*b?c|d@example.com", "a\\b@example.com", "a%b@example.com", "a`{}~^#$=!@example.com"})
    void folderNamesAreOneSafeNameInsideTheExportFolder(String address) {
        String name = ClientExporter.fileName(address);
        assertThat(name).matches("[A-Za-z0-9@.+_%-]+").doesNotContain("/").doesNotContain("\\").isNotIn(".", "..");
        assertThat(dir.resolve(name).getParent()).isEqualTo(dir);
    }

    @Test
    void differentAddressesNeverShareAFolder() {
        Map<String, String> pairs = Map.of("a&b@example.com", "a_b@example.com", "a%26b@example.com", "a&b@example.com",
                "a'b@example.com", "a-b@example.com");
        pairs.forEach((a, b) -> assertThat(ClientExporter.fileName(a)).as(a + " vs " + b).isNotEqualTo(ClientExporter.fileName(b)));
        assertThat(ClientExporter.fileName(ExportFixtures.ODD_ADDRESS)).isEqualTo(ODD_FOLDER);
        assertThat(ClientExporter.fileName("john@example.com")).isEqualTo("john@example.com");
    }
}
