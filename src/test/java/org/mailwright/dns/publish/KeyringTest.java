package org.mailwright.dns.publish;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The OS keyring read through a stand-in secret-tool that answers exactly libsecret's lookup arguments. */
class KeyringTest {
    @TempDir
    Path dir;

    private Path fakeSecretTool() throws Exception {
        Path tool = dir.resolve("secret-tool");
        Files.writeString(tool, "#!/bin/sh\n"
                + "if [ \"$*\" = \"lookup service mailwright account cloudflare\" ]; then printf 'cf-Token-123'; exit 0; fi\n"
                + "exit 1\n");
        Files.setPosixFilePermissions(tool, PosixFilePermissions.fromString("rwx------"));
        return tool;
    }

    @Test
    void readsTheEntryByServiceAndAccount() throws Exception {
        assertThat(new Keyring("Linux", fakeSecretTool().toString()).read("cloudflare")).isEqualTo("cf-Token-123");
    }

    @Test
    void aMissingEntrySaysHowToStoreIt() throws Exception {
        assertThatThrownBy(() -> new Keyring("Linux", fakeSecretTool().toString()).read("desec"))
                .hasMessageContaining("the keyring has no entry desec")
                .hasMessageContaining("secret-tool store --label='Mailwright desec' service mailwright account desec");
    }

    @Test
    void noSecretToolNamesThePackage() {
        assertThatThrownBy(() -> new Keyring("Linux", dir.resolve("nope").toString()).read("cloudflare"))
                .hasMessageContaining("apt-get install libsecret-tools");
    }

    @Test
    void macOsUsesTheLoginKeychainAndWindowsIsNamedUnsupported() {
        Keyring mac = new Keyring("Mac OS X", "secret-tool");
        assertThat(mac.lookupCommand("cloudflare")).containsExactly("security", "find-generic-password", "-s", "mailwright", "-a", "cloudflare", "-w");
        assertThat(mac.storeCommand("cloudflare")).isEqualTo("security add-generic-password -s mailwright -a cloudflare -w");
        assertThatThrownBy(() -> new Keyring("Windows 11", "secret-tool").read("cloudflare")).hasMessageContaining("use dns.token-file");
    }
}
