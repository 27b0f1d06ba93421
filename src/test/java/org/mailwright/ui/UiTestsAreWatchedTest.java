package org.mailwright.ui;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * Every TestFX test of the app's windows runs under {@link FxThreadWatch}, so a new UI test cannot leave the FX thread
 * unwatched. Read from the sources (the annotation's extension list is not kept at run time in a form ArchUnit reads
 * simply); the lab tests, which drive real servers outside {@code mvn verify}, and the watch's own test are left out.
 */
class UiTestsAreWatchedTest {
    @Test
    void everyTestFxTestRegistersTheWatchBeforeTestFx() throws IOException {
        Path ui = Path.of("src/test/java/org/mailwright/ui");
        List<Path> testFx;
        try (Stream<Path> files = Files.walk(ui)) {
            testFx = files.filter(p -> p.toString().endsWith(".java")).filter(p -> read(p).contains("ApplicationExtension.class"))
                    .filter(p -> !p.getFileName().toString().equals("FxThreadWatchTest.java")).toList();
        }
        assertThat(testFx).hasSizeGreaterThanOrEqualTo(10);
        assertThat(testFx).allSatisfy(p -> assertThat(read(p)).as(p.toString())
                .contains("@ExtendWith({FxThreadWatch.class, ApplicationExtension.class})"));
    }

    private static String read(Path p) {
        try {
            return Files.readString(p);
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }
}
