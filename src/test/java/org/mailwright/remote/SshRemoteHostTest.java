package org.mailwright.remote;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** SshRemoteHost against a real in-process SSH server whose commands really run here (as root). */
class SshRemoteHostTest {
    @TempDir
    Path dir;
    private TestSshServer server;
    private HostKeyStore knownHosts;
    private final List<AutoCloseable> toClose = new ArrayList<>();

    @BeforeEach
    void startServer() throws Exception {
        server = TestSshServer.builder().start();
        knownHosts = new HostKeyStore(dir.resolve("known_hosts"));
    }

    @AfterEach
    void stopEverything() throws Exception {
        for (AutoCloseable c : toClose) {
            c.close();
        }
        server.close();
        SshTestSupport.assertNoConnectionThreadsLeft();
    }

    private SshRemoteHost connect() {
        return connect(server.passwordTarget());
    }

    private SshRemoteHost connect(SshTarget target) {
        SshRemoteHost host = SshRemoteHost.connect(target, knownHosts, key -> true);
        toClose.add(host);
        return host;
    }

    private static String stdout(RemoteHost host, String script) {
        return host.exec(Command.script(script)).orThrow().stdout();
    }

    // ------------------------------------------------------------ logging in

    @Test
    void logsInWithPasswordAndRunsAsRoot() {
        SshRemoteHost host = connect();
        assertThat(stdout(host, "id -u")).isEqualTo("0\n");
        assertThat(host.describe()).isEqualTo("root@127.0.0.1:" + server.port());
    }

    @Test
    void connectionHasNaglesAlgorithmOffSoSmallCommandsDoNotWaitForDelayedAcks() {
        SshRemoteHost host = connect();
        assertThat(host.tcpNoDelay()).isTrue();
        host.reconnect();
        assertThat(host.tcpNoDelay()).as("after a reconnect too").isTrue();
    }

    @Test
    void refusedPasswordSaysWhoAndWhere() {
        SshTarget wrong = new SshTarget("127.0.0.1", server.port(), "root", Auth.password("not-it-at-all".toCharArray()));
        assertThatThrownBy(() -> connect(wrong))
                .isInstanceOf(AuthenticationFailedException.class)
                .hasMessageStartingWith("The server refused the password for root@127.0.0.1:" + server.port())
                .hasMessageNotContaining("not-it-at-all");
    }

    @Test
    void closedPortIsReportedAsConnectionRefused() throws Exception {
        int port = server.port();
        server.close();
        assertThatThrownBy(() -> connect(new SshTarget("127.0.0.1", port, "root", Auth.password("x".toCharArray()))))
                .isInstanceOf(HostUnreachableException.class)
                .hasMessage("Cannot reach 127.0.0.1:" + port + ": connection refused. Is the server up, and is SSH listening on port "
                        + port + "?");
    }

    @Test
    void passwordNeverAppearsInTranscriptOrErrors() {
        SshRemoteHost host = connect();
        host.exec(Command.script("echo " + Shell.quote(server.password) + "; echo " + Shell.quote(server.password) + " >&2; exit 3"));
        CommandResult r = host.exec(Command.script("echo \"$0\"; false"));
        assertThat(host.transcript().render()).doesNotContain(server.password).contains(Transcript.REDACTED);
        assertThat(server.passwordTarget().toString()).doesNotContain(server.password);
        assertThatThrownBy(r::orThrow).hasMessageNotContaining(server.password);
        assertThatThrownBy(() -> host.read("/")).satisfies(
                e -> assertThat(e.getMessage()).doesNotContain(server.password));
    }

    // ------------------------------------------------------------ host keys

    @Test
    void unknownHostIsAskedAndPinnedInOpenSshFormat() throws Exception {
        AtomicReference<UnknownHostKey> asked = new AtomicReference<>();
        try (SshRemoteHost host = SshRemoteHost.connect(server.passwordTarget(), knownHosts, k -> {
            asked.set(k);
            return true;
        })) {
            assertThat(stdout(host, "echo ok")).isEqualTo("ok\n");
        }
        assertThat(asked.get()).isEqualTo(new UnknownHostKey("127.0.0.1", server.port(), "ecdsa-sha2-nistp256",
                server.hostKeyFingerprint()));
        Path file = knownHosts.file();
        assertThat(Files.readString(file)).startsWith("[127.0.0.1]:" + server.port() + " ecdsa-sha2-nistp256 AAAA").endsWith("\n");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        // OpenSSH itself reads the file and finds the same fingerprint
        assertThat(SshTestSupport.run("ssh-keygen", "-l", "-f", file.toString())).contains(server.hostKeyFingerprint());
    }

    @Test
    void unknownHostRefusedByPromptIsNotPinnedAndNothingRuns() {
        assertThatThrownBy(() -> SshRemoteHost.connect(server.passwordTarget(), knownHosts, HostKeyPrompt.rejectUnknown()))
                .isInstanceOf(HostKeyNotTrustedException.class)
                .hasMessageContaining(server.hostKeyFingerprint())
                .hasMessageContaining("--accept-host-key");
        assertThat(knownHosts.file()).doesNotExist();
        assertThat(server.passwordAttempts).hasValue(0);
        assertThat(server.commands).isEmpty();
    }

    @Test
    void acceptsExactlyTheFingerprintGivenOnTheCommandLine() {
        SshRemoteHost.connect(server.passwordTarget(), knownHosts, HostKeyPrompt.acceptFingerprint(server.hostKeyFingerprint())).close();
        assertThat(knownHosts.keysFor("127.0.0.1", server.port())).hasSize(1);
    }

    @Test
    void aWrongAcceptedFingerprintIsAMismatchNamingBothNotAnUnknownKey() {
        String wrong = "SHA256:" + "A".repeat(43);
        assertThatThrownBy(() -> SshRemoteHost.connect(server.passwordTarget(), knownHosts, HostKeyPrompt.acceptFingerprint(wrong)))
                .isInstanceOf(HostKeyNotTrustedException.class)
                .hasMessageContaining("does not match the fingerprint given with --accept-host-key")
                .hasMessageContaining(server.hostKeyFingerprint())
                .hasMessageContaining(wrong)
                .hasMessageNotContaining("not trusted yet");
        assertThat(knownHosts.file()).doesNotExist();
        assertThat(server.passwordAttempts).hasValue(0);
        assertThat(server.commands).isEmpty();
    }

    @Test
    void pinnedKeyIsAcceptedWithoutAsking() {
        connect().close();
        SshRemoteHost.connect(server.passwordTarget(), knownHosts, k -> {
            throw new AssertionError("asked about a pinned key");
        }).close();
    }

    @Test
    void changedHostKeyIsRefusedBeforeAnythingIsSent() throws Exception {
        connect().close();
        int port = server.port();
        String pinned = server.hostKeyFingerprint();
        server.close();
        server = TestSshServer.builder().port(port).start(); // same address, new host key: a rebuilt server or an attacker
        assertThatThrownBy(() -> SshRemoteHost.connect(server.passwordTarget(), knownHosts, k -> true))
                .isInstanceOf(HostKeyChangedException.class)
                .hasMessageContaining("[127.0.0.1]:" + port)
                .hasMessageContaining(pinned)
                .hasMessageContaining(server.hostKeyFingerprint())
                .hasMessageContaining("could be an attack")
                .hasMessageContaining(knownHosts.file().toString());
        assertThat(server.passwordAttempts).hasValue(0);
        assertThat(server.commands).isEmpty();
        assertThat(knownHosts.keysFor("127.0.0.1", port)).hasSize(1);
    }

    // ------------------------------------------------------------ exec

    @Test
    void streamsLinesBeforeTheCommandEnds() {
        SshRemoteHost host = connect();
        List<String> seen = new CopyOnWriteArrayList<>();
        CountDownLatch first = new CountDownLatch(1);
        CompletableFuture<CommandResult> run = CompletableFuture.supplyAsync(() -> host.exec(
                Command.script("printf 'a\\n'; sleep 1; printf 'b\\n'"), (stream, line) -> {
                    seen.add(line);
                    first.countDown();
                }, Duration.ofSeconds(30), Cancel.NEVER));
        try {
            assertThat(first.await(5, TimeUnit.SECONDS)).isTrue();
            assertThat(run).isNotDone();
            assertThat(seen).containsExactly("a");
        } catch (InterruptedException e) {
            throw new AssertionError(e);
        }
        assertThat(run.join().stdout()).isEqualTo("a\nb\n");
        assertThat(seen).containsExactly("a", "b");
    }

    @Test
    void keepsStdoutAndStderrApartAndReturnsExitStatus() {
        SshRemoteHost host = connect();
        List<String> lines = new CopyOnWriteArrayList<>();
        CommandResult r = host.exec(Command.script("echo out; echo err >&2; exit 7"),
                (s, l) -> lines.add(s + ":" + l), Duration.ofSeconds(30), Cancel.NEVER);
        assertThat(r.exitStatus()).isEqualTo(7);
        assertThat(r.stdout()).isEqualTo("out\n");
        assertThat(r.stderr()).isEqualTo("err\n");
        assertThat(lines).containsExactlyInAnyOrder("STDOUT:out", "STDERR:err");
        assertThat(host.transcript().render()).contains("$ echo out; echo err >&2; exit 7").contains("| out").contains("| err");
    }

    @Test
    void quotedWordsReachTheCommandIntact() {
        SshRemoteHost host = connect();
        String word = "it's \"$HOME\" `id` ; rm -rf /tmp/nothing";
        assertThat(host.exec(Command.of("printf", "%s", word)).stdout()).isEqualTo(word);
    }

    @Test
    void deliversStdinAndClosesIt() {
        SshRemoteHost host = connect();
        byte[] input = "line one\nline two\n".getBytes(StandardCharsets.UTF_8);
        assertThat(host.exec(Command.of("cat").withStdin(input)).stdout()).isEqualTo("line one\nline two\n");
    }

    @Test
    void timeoutStopsTheCommand() throws Exception {
        SshRemoteHost host = connect();
        Path marker = dir.resolve("should-not-exist");
        long start = System.nanoTime();
        assertThatThrownBy(() -> host.exec(Command.script("for i in 1 2 3 4 5 6 7 8 9 10; do sleep 0.4; done; touch " + Shell.quote(marker.toString())),
                OutputListener.NONE, Duration.ofMillis(700), Cancel.NEVER))
                .isInstanceOf(RemoteTimeoutException.class)
                .hasMessageContaining("`for i in 1 2 3")
                .hasMessageContaining("ran longer than 700 ms");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(4));
        Thread.sleep(5500);
        assertThat(marker).doesNotExist();
        assertThat(stdout(host, "echo still usable")).isEqualTo("still usable\n");
    }

    @Test
    void cancelStopsTheRunningCommand() {
        SshRemoteHost host = connect();
        Cancel cancel = new Cancel();
        long start = System.nanoTime();
        assertThatThrownBy(() -> host.exec(Command.script("echo started; sleep 20"), (s, l) -> cancel.cancel(),
                Duration.ofMinutes(1), cancel))
                .isInstanceOf(CancelledException.class)
                .hasMessageContaining("sleep 20");
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(5));
    }

    @Test
    void droppedConnectionSaysWhatWasRunningAndReconnectWorks() throws Exception {
        SshRemoteHost host = connect();
        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<CommandResult> run = CompletableFuture.supplyAsync(() -> host.exec(
                Command.script("echo started; sleep 20"), (s, l) -> started.countDown(), Duration.ofMinutes(1), Cancel.NEVER));
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        int port = server.port();
        server.stop();
        assertThatThrownBy(run::join).cause()
                .isInstanceOf(ConnectionLostException.class)
                .hasMessage("The connection to root@127.0.0.1:" + port + " dropped while running `echo started; sleep 20`; "
                        + "it may or may not have finished. Reconnect and run again.");
        assertThatThrownBy(() -> host.exec(Command.of("true"))).isInstanceOf(ConnectionLostException.class);

        server = TestSshServer.builder().hostKey(server.hostKey).port(port).start();
        host.reconnect();
        assertThat(stdout(host, "echo back")).isEqualTo("back\n");
    }

    // ------------------------------------------------------------ files

    @Test
    void readsFileBytesAndMissingFileIsEmpty() throws Exception {
        SshRemoteHost host = connect();
        Path f = dir.resolve("data.bin");
        byte[] bytes = {0, 1, 2, (byte) 0xff, '\n', 'x'};
        Files.write(f, bytes);
        assertThat(host.read(f.toString())).hasValueSatisfying(b -> assertThat(b).isEqualTo(bytes));
        assertThat(host.read(dir.resolve("missing").toString())).isEmpty();
        assertThatThrownBy(() -> host.read(dir.toString())).isInstanceOf(RemoteException.class).hasMessageContaining("is a directory");
    }

    @Test
    void uploadAtomicWritesContentModeAndOwnerAndLeavesNoTemp() throws Exception {
        SshRemoteHost host = connect();
        Path target = dir.resolve("it's a file.conf");
        Files.writeString(target, "old\n");
        byte[] content = "new content\nwith 'quotes' and $vars\n".getBytes(StandardCharsets.UTF_8);
        host.uploadAtomic(target.toString(), content, 0640, "root", "root");
        assertThat(Files.readAllBytes(target)).isEqualTo(content);
        assertThat(SshTestSupport.run("stat", "-c", "%a %U %G", target.toString())).isEqualTo("640 root root\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("mailwright-tmp"));
        }
        try (var home = Files.list(Path.of(System.getProperty("user.home")))) {
            assertThat(home.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".mailwright-upload-"));
        }
        assertThat(host.transcript().render()).contains("wrote " + target + " (" + content.length + " bytes, mode 0640, root:root)");
    }

    @Test
    void manyUploadsAreOneCommandWithTheBytesOnStdinNeverOnALine() throws Exception {
        SshRemoteHost host = connect();
        List<RemoteHost.Upload> files = new java.util.ArrayList<>();
        for (int i = 0; i < 50; i++) {
            // bytes a shell would mangle: quotes, $, a NUL, no final newline, and an empty file
            byte[] content = (i == 7 ? "" : "key " + i + " 'q' $HOME \\ \0 end").getBytes(StandardCharsets.UTF_8);
            files.add(new RemoteHost.Upload(dir.resolve("d" + i + ".example.dkim.key").toString(), content, 0440, "root", "root"));
        }
        Files.writeString(dir.resolve("d3.example.dkim.key"), "old\n");
        int before = server.commands.size();
        host.uploadAtomic(files);

        assertThat(server.commands.size() - before).as("commands for 50 files").isEqualTo(1);
        assertThat(server.commands.get(before)).doesNotContain("key 1 ").doesNotContain("HOME");
        for (RemoteHost.Upload f : files) {
            assertThat(Files.readAllBytes(Path.of(f.path()))).isEqualTo(f.content());
            assertThat(SshTestSupport.run("stat", "-c", "%a %U %G", f.path())).isEqualTo("440 root root\n");
        }
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("mailwright-tmp"));
        }
        assertThat(host.transcript().render()).contains("wrote " + files.get(49).path() + " (").doesNotContain("'q'");
    }

    @Test
    void aBatchStopsAtTheFileItCannotWriteAndLeavesItsOldContent() throws Exception {
        SshRemoteHost host = connect();
        Path first = dir.resolve("first.conf");
        Path second = dir.resolve("second.conf");
        Path third = dir.resolve("third.conf");
        Files.writeString(second, "old\n");
        assertThatThrownBy(() -> host.uploadAtomic(List.of(
                new RemoteHost.Upload(first.toString(), "one".getBytes(StandardCharsets.UTF_8), 0644, "root", "root"),
                new RemoteHost.Upload(second.toString(), "two".getBytes(StandardCharsets.UTF_8), 0644, "no-such-user-mailwright", "root"),
                new RemoteHost.Upload(third.toString(), "three".getBytes(StandardCharsets.UTF_8), 0644, "root", "root"))))
                .isInstanceOf(RemoteException.class).hasMessageContaining(second.toString());
        assertThat(Files.readString(first)).isEqualTo("one");
        assertThat(Files.readString(second)).isEqualTo("old\n");
        assertThat(third).doesNotExist();
        try (var left = Files.list(dir)) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("mailwright-tmp"));
        }
    }

    @Test
    void readAllReadsManyFilesWithModeAndOwnerInOneCommand() throws Exception {
        SshRemoteHost host = connect();
        List<String> paths = new java.util.ArrayList<>();
        for (int i = 0; i < 30; i++) {
            Path f = dir.resolve("conf " + i + ".conf");
            Files.write(f, i == 3 ? new byte[] {0, (byte) 0xff, '\n', 'x'} : ("line " + i + "\n'quoted' $x\n").getBytes(StandardCharsets.UTF_8));
            Files.setPosixFilePermissions(f, PosixFilePermissions.fromString(i == 5 ? "rw-------" : "rw-r--r--"));
            paths.add(f.toString());
        }
        paths.add(dir.resolve("absent.conf").toString());
        int before = server.commands.size();
        var read = host.readAll(paths);

        assertThat(server.commands.size() - before).isEqualTo(1);
        assertThat(read.keySet()).containsExactlyElementsOf(paths);
        assertThat(new String(read.get(paths.get(7)).orElseThrow().content(), StandardCharsets.UTF_8)).isEqualTo("line 7\n'quoted' $x\n");
        assertThat(read.get(paths.get(3)).orElseThrow().content()).containsExactly(0, 0xff, '\n', 'x');
        assertThat(read.get(paths.get(5)).orElseThrow()).satisfies(r -> {
            assertThat(r.mode()).isEqualTo(0600);
            assertThat(r.owner()).isEqualTo("root");
        });
        assertThat(read.get(paths.get(30))).isEmpty();
        assertThatThrownBy(() -> host.readAll(List.of(paths.get(0), dir.toString()))).isInstanceOf(RemoteException.class)
                .hasMessageContaining("is a directory");
    }

    @Test
    void failedUploadLeavesOldFileAndNoTemp() throws Exception {
        SshRemoteHost host = connect();
        Path target = dir.resolve("keep.conf");
        Files.writeString(target, "old\n");
        assertThatThrownBy(() -> host.uploadAtomic(target.toString(), "new".getBytes(StandardCharsets.UTF_8), 0644,
                "no-such-user-mailwright", "root"))
                .isInstanceOf(RemoteException.class)
                .hasMessageContaining("the old file is unchanged");
        assertThat(Files.readString(target)).isEqualTo("old\n");
        try (var files = Files.list(dir)) {
            assertThat(files.map(p -> p.getFileName().toString())).noneMatch(n -> n.contains("mailwright-tmp"));
        }
    }

    @Test
    void uploadIntoMissingDirectoryFails() {
        SshRemoteHost host = connect();
        assertThatThrownBy(() -> host.uploadAtomic(dir.resolve("nope/file").toString(), new byte[] {1}, 0600, "root", "root"))
                .isInstanceOf(RemoteException.class)
                .hasMessageContaining("nope/file");
    }

    @Test
    void backupKeepsContentAndModeAndNeverOverwritesAnEarlierOne() throws Exception {
        SshRemoteHost host = connect();
        Path f = dir.resolve("main.cf");
        Files.writeString(f, "original\n");
        Files.setPosixFilePermissions(f, PosixFilePermissions.fromString("rw-r-----"));
        String first = host.backup(f.toString()).orElseThrow();
        String second = host.backup(f.toString()).orElseThrow();
        assertThat(first).matches(java.util.regex.Pattern.quote(f.toString()) + "\\.mailwright-\\d{8}-\\d{6}(-\\d+)?");
        assertThat(second).isNotEqualTo(first);
        for (String copy : List.of(first, second)) {
            assertThat(Files.readString(Path.of(copy))).isEqualTo("original\n");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(Path.of(copy)))).isEqualTo("rw-r-----");
        }
        assertThat(host.backup(dir.resolve("absent").toString())).isEmpty();
        assertThat(host.transcript().render()).contains("backed up " + f + " to " + first);
    }
}
