package org.mailwright.export;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mailwright.export.ExportFixtures.JOHN;
import static org.mailwright.export.ExportFixtures.SETTINGS;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import org.junit.jupiter.api.Test;

/**
 * Every format compared with a reviewed copy under src/test/resources/.../export/golden (UUIDs fixed). After an
 * intended change, regenerate with -Dgolden.update=true and review the diff before committing.
 */
class GoldenFilesTest {
    private static final Path GOLDEN = Path.of("src/test/resources/org/mailwright/export/golden");

    private static void golden(String name, String actual) throws IOException {
        Path file = GOLDEN.resolve(name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(GOLDEN);
            Files.writeString(file, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(file));
    }

    @Test
    void textMatchesReviewedCopy() throws IOException {
        golden("settings.txt", PlainTextSettings.render(SETTINGS, JOHN));
    }

    @Test
    void htmlMatchesReviewedCopy() throws IOException {
        golden("settings.html", HtmlSettings.render(SETTINGS, JOHN));
    }

    @Test
    void thunderbirdAutoconfigMatchesReviewedCopy() throws IOException {
        golden("config-v1.1.xml", ThunderbirdAutoconfig.render(SETTINGS, "example.com", "example.com mail"));
    }

    @Test
    void appleProfileMatchesReviewedCopy() throws IOException {
        golden("john@example.com.mobileconfig", AppleProfile.render(SETTINGS, JOHN, Optional.empty(), ExportFixtures.fixedUuids()));
    }

    @Test
    void outlookAutodiscoverMatchesReviewedCopy() throws IOException {
        golden("autodiscover.xml", OutlookAutodiscover.render(SETTINGS, JOHN));
    }
}
