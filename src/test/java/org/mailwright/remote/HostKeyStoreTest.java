package org.mailwright.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Base64;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class HostKeyStoreTest {

    @Test
    void namesPort22BareAndOtherPortsInBrackets() {
        assertThat(HostKeyStore.hostPattern("Mail.Example.com", 22)).isEqualTo("mail.example.com");
        assertThat(HostKeyStore.hostPattern("10.0.0.5", 2222)).isEqualTo("[10.0.0.5]:2222");
    }

    @Test
    void fingerprintMatchesSshKeygen(@TempDir Path dir) throws Exception {
        Path key = SshTestSupport.keygen(dir, "k", "ed25519", null, "");
        String pub = Files.readString(dir.resolve("k.pub"));
        byte[] blob = Base64.getDecoder().decode(pub.split(" ")[1]);
        String keygen = SshTestSupport.run("ssh-keygen", "-lf", key + ".pub").split(" ")[1];
        assertThat(HostKeyStore.fingerprint(blob)).isEqualTo(keygen).startsWith("SHA256:").doesNotEndWith("=");
    }

    @Test
    void readsKeysWrittenByOpenSshIncludingHashedAndListedNames(@TempDir Path dir) throws Exception {
        SshTestSupport.keygen(dir, "k", "ed25519", null, "");
        String[] pub = Files.readString(dir.resolve("k.pub")).split(" ");
        Path file = dir.resolve("known_hosts");
        Files.writeString(file, "# comment\nother.example,[mail.example]:2222 " + pub[0] + " " + pub[1] + "\n");
        HostKeyStore store = new HostKeyStore(file);
        assertThat(store.keysFor("mail.example", 2222)).hasSize(1);
        assertThat(store.keysFor("mail.example", 22)).isEmpty();

        SshTestSupport.run("ssh-keygen", "-H", "-f", file.toString());
        assertThat(Files.readString(file)).contains("|1|").doesNotContain("mail.example");
        assertThat(store.keysFor("mail.example", 2222)).singleElement()
                .extracting(HostKeyStore.PinnedKey::keyType).isEqualTo("ssh-ed25519");
    }

    @Test
    void negatedPatternExcludesHost() {
        assertThat(HostKeyStore.matches("*.example,!bad.example", "good.example")).isTrue();
        assertThat(HostKeyStore.matches("*.example,!bad.example", "bad.example")).isFalse();
    }

    @Test
    void pinnedFileIsPrivateAndInKnownHostsFormat(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("config/mailwright/known_hosts");
        new HostKeyStore(file).pin("Mail.Example", 2200, "ssh-ed25519", new byte[] {1, 2, 3});
        assertThat(Files.readString(file)).isEqualTo("[mail.example]:2200 ssh-ed25519 AQID\n");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(file.getParent())))
                .isEqualTo("rwx------");
    }

    @Test
    void acceptFingerprintNeedsTheSha256Form() {
        assertThatThrownBy(() -> HostKeyPrompt.acceptFingerprint("aa:bb:cc")).isInstanceOf(IllegalArgumentException.class);
        HostKeyPrompt p = HostKeyPrompt.acceptFingerprint("SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG");
        assertThat(p.trust(new UnknownHostKey("h", 22, "ssh-ed25519", "SHA256:abcdefghijklmnopqrstuvwxyz0123456789ABCDEFG"))).isTrue();
        assertThatThrownBy(() -> p.trust(new UnknownHostKey("h", 22, "ssh-ed25519", "SHA256:Xbcdefghijklmnopqrstuvwxyz0123456789ABCDEFG")))
                .isInstanceOf(HostKeyNotTrustedException.class).hasMessageContaining("does not match");
        assertThat(HostKeyPrompt.rejectUnknown().trust(new UnknownHostKey("h", 22, "ssh-rsa", "SHA256:x"))).isFalse();
    }
}
