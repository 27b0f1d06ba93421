package org.mailwright.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrivateFilesTest {
    @TempDir
    Path dir;

    @Test
    void writesTheFileReadableByItsOwnerOnlyInAFolderItMakes() throws Exception {
        Path file = dir.resolve("sub/sheet.html");

        PrivateFiles.write(file, "<code id=\"backup-password\">s3cret</code>");

        assertThat(file).hasContent("<code id=\"backup-password\">s3cret</code>");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(dir.resolve("sub/.sheet.html.tmp")).doesNotExist();
    }

    @Test
    void replacesAnOlderFileWhole() throws Exception {
        Path file = dir.resolve("sheet.html");
        Files.writeString(file, "an older and longer sheet");

        PrivateFiles.write(file, "new");

        assertThat(file).hasContent("new");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    }
}
