package org.mailwright;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Compares rendered text with a reviewed copy under src/test/resources/org/mailwright/DIR/golden. After an intended
 * change, regenerate with -Dgolden.update=true and review the diff before committing.
 */
public final class Golden {
    private Golden() {
    }

    /** Asserts {@code actual} equals the file {@code name} in {@code dir}'s golden folder (rewritten first with -Dgolden.update=true). */
    public static void assertMatches(String dir, String name, String actual) throws IOException {
        Path file = Path.of("src/test/resources/org/mailwright", dir, "golden", name);
        if (Boolean.getBoolean("golden.update")) {
            Files.createDirectories(file.getParent());
            Files.writeString(file, actual);
        }
        assertThat(actual).isEqualTo(Files.readString(file));
    }
}
