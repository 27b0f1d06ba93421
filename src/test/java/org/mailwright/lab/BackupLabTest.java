package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import jakarta.activation.DataHandler;
import jakarta.mail.FetchProfile;
import jakarta.mail.Flags;
import jakarta.mail.Folder;
import jakarta.mail.Message;
import jakarta.mail.Session;
import jakarta.mail.Store;
import jakarta.mail.Transport;
import jakarta.mail.UIDFolder;
import jakarta.mail.internet.InternetAddress;
import jakarta.mail.internet.MimeBodyPart;
import jakarta.mail.internet.MimeMessage;
import jakarta.mail.internet.MimeMultipart;
import jakarta.mail.util.ByteArrayDataSource;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermission;
import java.security.MessageDigest;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.net.ssl.SSLSocketFactory;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.mailwright.lab.LabMailServer.Installed;

/**
 * "A backup is a restore you have run" (issue 15), on real droplets. A source server set up by Mailwright (mwb-src-SUITE)
 * gets mail in several folders over IMAP (read, unread, flagged, a keyword, a 10 MB attachment, a gap in the UIDs left
 * by an expunge) and a second mailbox added with {@code users add}; {@code backup --init --to DIR} copies its restic
 * repository here and writes the recovery sheet. A fresh Debian 13 droplet (mwb-to-SUITE) is then restored from DIR
 * with the password read off the sheet: a wrong password changes nothing, a restore cut in the middle completes when run
 * again, and the result is compared over IMAP with what the source had, folder by folder: UIDVALIDITY, UIDs, flags and
 * every message's bytes; both passwords log in, mail sent there is DKIM-signed with the restored key and verifies
 * against the source's published record, {@code check} is clean, and a second restore onto a server with mail is
 * refused. Then backups taken while mail arrives lose nothing, and a full repository disk fails the backup loudly and
 * shows in {@code check}.
 *
 * <p>Parameterised by the SOURCE release; the target is always trixie. 12 -> 13 runs in every lab run; 13 -> 13 is a
 * release case (each source costs two applied droplets): it runs only with {@code -Dlab.release=true}. The methods run
 * in order because each continues from the servers the one before left.
 */
@LabTest
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BackupLabTest {
    static final String USER = LabMailServer.USER;
    static final String PASSWORD = "Backup-lab-pw-7;'x'";
    static final String BOB = "bob@example.com";
    static final String BOB_PASSWORD = "Bob-backup-pw-8\"$";
    static final String TARGET_SUITE = "trixie";
    static final String PASSWORD_FILE = "/etc/mailwright/backup/password";
    static final String REPOSITORY = "/var/backups/mailwright";
    static final String RESTIC = "restic -r " + REPOSITORY + " --password-file " + PASSWORD_FILE;
    /** The end of every streamed message's body: a snapshot holding a message without it would hold half a file. */
    static final String STREAM_END = "END-OF-STREAM-MESSAGE";
    static final Pattern SNAPSHOT = Pattern.compile(
            "(?m)^\\s*backup: snapshot ([0-9a-f]{8,}) at \\d{4}-\\d\\d-\\d\\d \\d\\d:\\d\\d UTC, repository [0-9.]+ [KMGT]?i?B, verified$");
    static final Pattern COPIED = Pattern.compile("(?m)^\\s*copied (\\d+) new files? \\(([0-9.]+ [KMGT]?i?B)\\) to (.+); (\\d+) already there$");
    static final Pattern SHEET_PASSWORD = Pattern.compile("<code id=\"backup-password\">([^<]*)</code>");

    private static final LabMailServer.PerSuite SOURCES = LabMailServer.perSuite("mwb-src-", PASSWORD).requireApplied().rememberFailure();
    private static final Map<String, Trip> TRIPS = new ConcurrentHashMap<>();

    /** One source suite's round trip, for the later methods. */
    static final class Trip {
        Installed source;
        Path dir;
        /** The local copy of the repository ({@code --to DIR}). */
        Path repo;
        String backupPassword;
        /** Per user, per folder: what the source had when it was backed up. */
        Map<String, Map<String, FolderState>> before;
        /** Both lab CA roots: the restored server may serve the source's certificate (issued by the source's pebble). */
        byte[] roots;
        String sourceDkimPublic;
        LabDroplet target;
        Path targetSpec;
        Path targetKnownHosts;
        boolean restored;
    }

    /** A folder as IMAP shows it: its UIDVALIDITY and, per UID, the flags and a digest of the message's bytes. */
    record FolderState(long uidValidity, SortedMap<Long, Msg> messages) {
    }

    record Msg(Set<String> flags, int size, String sha256) {
    }

    @AfterAll
    static void tearDown() {
        RuntimeException first = null;
        for (Trip t : TRIPS.values()) {
            if (t.target != null) {
                try {
                    t.target.close();
                } catch (RuntimeException e) {
                    first = e;
                }
            }
        }
        TRIPS.clear();
        SOURCES.close();
        if (first != null) {
            throw first;
        }
    }

    /** 13 -> 13 costs CI two more applied droplets and little more coverage than 12 -> 13 (whose target is 13). */
    static void releaseCaseOnly(String suite) {
        if (suite.equals(TARGET_SUITE) && !Boolean.getBoolean("lab.release")) {
            String why = "13 -> 13 is a release case (two more droplets): run it with -Dlab.release=true";
            System.err.println("[backup] skipped for source " + suite + ": " + why);
            Assumptions.abort(why);
        }
    }

    static Trip trip(String suite) {
        releaseCaseOnly(suite);
        Trip t = TRIPS.get(suite);
        assertThat(t).as("the backup of the " + suite + " source (the first method) did not complete").isNotNull();
        return t;
    }

    // ------------------------------------------------------------------ 1. a filled server, backed up

    @Order(1)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void backupInitCopiesTheRepositoryAndWritesTheRecoverySheet(String suite) throws Exception {
        releaseCaseOnly(suite);
        Trip t = new Trip();
        t.source = SOURCES.get(suite);
        LabDroplet d = t.source.droplet();
        t.dir = t.source.spec().getParent();
        t.repo = t.dir.resolve("repository");
        // apply alone sets backups up on every server: the timer is there before anyone runs `backup`
        assertThat(d.exec("systemctl", "is-enabled", "mailwright-backup.timer").output().strip()).as("after apply").isEqualTo("enabled");

        t.source.manage(BOB_PASSWORD + "\n", "users", "add", BOB, "--password-stdin");
        fill(d, LabMailServer.trustingLabCa(d));
        t.before = new TreeMap<>(Map.of(USER, mailboxes(d, LabMailServer.trustingLabCa(d), USER, PASSWORD),
                BOB, mailboxes(d, LabMailServer.trustingLabCa(d), BOB, BOB_PASSWORD)));
        System.err.println("[backup] the source's mailboxes: " + summary(t.before));
        assertThat(t.before.get(USER).keySet()).as("john's folders").hasSizeGreaterThanOrEqualTo(3);

        Path sheet = t.dir.resolve("recovery.html");
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "backup", t.source.spec().toString(), "--known-hosts", t.source.knownHosts().toString(),
                "--to", t.repo.toString(), "--init", "--sheet", sheet.toString(), "--transcript", t.dir.resolve("backup-1.log").toString());
        assertThat(exit).as(out[0]).isZero();
        String snapshot = snapshotId(out[0]);
        Matcher copied = copied(out[0]);
        assertThat(Integer.parseInt(copied.group(1))).as("files copied to an empty DIR").isPositive();
        assertThat(Integer.parseInt(copied.group(4))).as("files already in an empty DIR").isZero();
        // a restic repository, here
        for (String part : List.of("config", "keys", "data", "index", "snapshots")) {
            assertThat(t.repo.resolve(part)).as("DIR/" + part).exists();
        }

        // the sheet: private, and its password is the server's
        assertThat(Files.getPosixFilePermissions(sheet)).containsExactlyInAnyOrder(PosixFilePermission.OWNER_READ, PosixFilePermission.OWNER_WRITE);
        Matcher pw = SHEET_PASSWORD.matcher(Files.readString(sheet));
        assertThat(pw.find()).as("the sheet has <code id=\"backup-password\">").isTrue();
        t.backupPassword = unescapeHtml(pw.group(1));
        assertThat(t.backupPassword).isNotBlank();
        assertThat(d.exec("cat", PASSWORD_FILE).output().strip()).as(PASSWORD_FILE).isEqualTo(t.backupPassword);
        assertThat(d.exec("stat", "-c", "%a %U", PASSWORD_FILE).output().strip()).as("the password is root's only").matches("[46]00 root");
        assertThat(d.exec("sh", "-c", RESTIC + " snapshots --json").output()).as("the snapshot is in the server's repository").contains(snapshot);

        t.roots = concat(Files.readAllBytes(d.acmeRoot()), null);
        t.sourceDkimPublic = dkimPublic(d);
        TRIPS.put(suite, t);
    }

    // ------------------------------------------------------------------ 2. restore with a wrong password

    @Order(2)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void restoreWithAWrongPasswordChangesNothing(String suite) throws Exception {
        Trip t = trip(suite);
        target(t, suite);
        String[] out = new String[1];
        int exit = restore(t, out, "not-the-backup-password-" + UUID.randomUUID());
        assertThat(exit).as(out[0]).isEqualTo(1);
        assertThat(out[0]).containsIgnoringCase("password");
        LabDroplet d = t.target;
        assertThat(mailFiles(d, "/var/vmail")).as("mail on the target after a refused restore").isZero();
        assertThat(d.exec("test", "-e", PASSWORD_FILE).ok()).as(PASSWORD_FILE + " written from a wrong password").isFalse();
        // the password is checked first: the server is not set up with a restore that cannot go on
        for (String pkg : List.of("opensmtpd", "dovecot-core")) {
            assertThat(d.exec("sh", "-c", "dpkg-query -W -f='${Status}' " + pkg + " 2>/dev/null").output()).as(pkg).doesNotContain("installed");
        }
    }

    // ------------------------------------------------------------------ 3. a restore cut midway, run again

    @Order(3)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aRestoreCutMidwayCompletesWhenRunAgain(String suite) throws Exception {
        Trip t = trip(suite);
        LabDroplet d = target(t, suite);
        // every SSH session cut while the repository goes up (a second after its copy began; the packs follow the password check)
        String[] out = new String[1];
        int exit = restoreCutting(t, out, "] Copy the backup to the server", Duration.ofSeconds(1));
        assertThat(exit).as(out[0]).isEqualTo(1);
        System.err.println("[backup] after the cut during the copy: " + d.exec("sh", "-c",
                "ls -d /var/backups/mailwright* /var/lib/mailwright/* 2>&1; find /var/vmail -type f -path '*/cur/*' 2>/dev/null | wc -l").output());

        // and again while the mail is put back: the copy runs on in its systemd unit, the next run must not take the
        // restored mail for "a server that already has mail"
        boolean underWay = d.exec("test", "-f", "/var/lib/mailwright/restore-under-way").ok();
        // (0.3 s: the unit has started and is stopping the services or copying; the whole step takes 0.4-0.6 s here, so
        // the cut sometimes lands just after it, in the checks that follow: the next run must go on from either)
        exit = restoreCutting(t, out, "putting back the mail", Duration.ofMillis(300));
        assertThat(exit).as(out[0]).isEqualTo(1);
        if (underWay) {
            assertThat(out[0]).as("the second run knows the first was cut").contains("a restore was cut here before");
        }
        System.err.println("[backup] after the cut while the mail was put back: " + d.exec("sh", "-c",
                "ls -d /var/backups/mailwright* /var/lib/mailwright/* 2>&1; systemctl status mailwright-restore-mail --no-pager 2>&1 | head -n 5").output());

        exit = restore(t, out, t.backupPassword);
        assertThat(exit).as(out[0]).isZero();
        t.restored = true;
        List<String> dns = out[0].lines().filter(l -> l.startsWith("DNS to change:")).toList();
        System.err.println("[backup] the restore's DNS lines:\n" + String.join("\n", dns));
        assertThat(dns).as("the restore names the DNS records that must change").isNotEmpty();
        // the DKIM key came along: its record is the one already published
        assertThat(String.join("\n", dns)).doesNotContain("_domainkey");
        assertThat(d.exec("test", "-e", "/var/lib/mailwright/restore").ok()).as("the unpacked snapshot is cleaned up").isFalse();
    }

    /**
     * A restore whose SSH sessions are all killed on the server ({@link FaultsLabTest#CUT}) {@code delay} after its
     * output first shows {@code when}; returns its exit code. Fails if the output never showed it (no cut, no proof).
     */
    static int restoreCutting(Trip t, String[] out, String when, Duration delay) throws Exception {
        java.util.concurrent.atomic.AtomicReference<Thread> cutter = new java.util.concurrent.atomic.AtomicReference<>();
        java.util.function.Consumer<String> watch = text -> {
            if (text.contains(when) && cutter.get() == null) {
                Thread c = new Thread(() -> {
                    try {
                        Thread.sleep(delay.toMillis());
                    } catch (InterruptedException e) {
                        return;
                    }
                    t.target.exec("sh", "-c", FaultsLabTest.CUT + "; true");
                    System.err.println("[backup] cut every SSH session " + delay.toMillis() + " ms after '" + when + "'");
                });
                if (cutter.compareAndSet(null, c)) {
                    c.start();
                }
            }
        };
        int exit = cliWatching(out, t.backupPassword + "\n", watch, restoreArgs(t));
        assertThat(cutter.get()).as("the restore never showed '" + when + "', so nothing was cut:\n" + out[0]).isNotNull();
        cutter.get().join(TimeUnit.MINUTES.toMillis(1));
        return exit;
    }

    /** {@link LabMailServer#cli}, with {@code watch} called with all the output so far each time the CLI writes. */
    static int cliWatching(String[] output, String stdin, java.util.function.Consumer<String> watch, String... args) {
        StringBuilder text = new StringBuilder();
        java.io.Writer w = new java.io.Writer() {
            @Override
            public void write(char[] buf, int off, int len) {
                String now;
                synchronized (text) {
                    text.append(buf, off, len);
                    now = text.toString();
                }
                watch.accept(now);
            }

            @Override
            public void flush() {
            }

            @Override
            public void close() {
            }
        };
        picocli.CommandLine cl = new picocli.CommandLine(new org.mailwright.cli.MailwrightCommand());
        cl.setOut(new java.io.PrintWriter(w, true));
        cl.setErr(new java.io.PrintWriter(w, true));
        java.io.InputStream before = System.in;
        System.setIn(new java.io.ByteArrayInputStream(stdin.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        try {
            int exit = cl.execute(args);
            synchronized (text) {
                output[0] = text.toString();
            }
            System.err.println("$ mailwright " + String.join(" ", args) + "\n" + output[0]);
            return exit;
        } finally {
            System.setIn(before);
        }
    }

    // ------------------------------------------------------------------ 4. the same mail, the same identity

    @Order(4)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void theRestoredServerHasTheSameFoldersUidsFlagsBytesAndIdentity(String suite) throws Exception {
        Trip t = trip(suite);
        assertThat(t.restored).as("the restore of the method before completed").isTrue();
        LabDroplet d = t.target;
        LabDroplet src = t.source.droplet();
        SSLSocketFactory tls = LabMailServer.trusting(t.roots).getSocketFactory();

        // every difference at once, so one run shows the whole picture
        List<String> differences = new ArrayList<>();
        for (String user : t.before.keySet()) {
            String password = user.equals(USER) ? PASSWORD : BOB_PASSWORD;
            // logging in at all proves the password survived, bob's too (he is in no spec, only in the server's tables)
            Map<String, FolderState> after = mailboxes(d, tls, user, password);
            Map<String, FolderState> before = t.before.get(user);
            if (!after.keySet().equals(before.keySet())) {
                differences.add(user + " folders: " + before.keySet() + " on the source, " + after.keySet() + " restored");
            }
            for (String folder : before.keySet()) {
                FolderState b = before.get(folder);
                FolderState a = after.get(folder);
                if (a == null) {
                    continue;
                }
                String where = user + " " + folder + " (" + b.messages().size() + " messages): ";
                if (a.uidValidity() != b.uidValidity()) {
                    differences.add(where + "UIDVALIDITY " + b.uidValidity() + " on the source, " + a.uidValidity() + " restored");
                }
                if (!a.messages().keySet().equals(b.messages().keySet())) {
                    differences.add(where + "UIDs " + b.messages().keySet() + " on the source, " + a.messages().keySet() + " restored");
                }
                for (long uid : b.messages().keySet()) {
                    Msg mb = b.messages().get(uid);
                    Msg ma = a.messages().get(uid);
                    if (ma != null && !ma.flags().equals(mb.flags())) {
                        differences.add(where + "UID " + uid + " flags " + mb.flags() + " on the source, " + ma.flags() + " restored");
                    }
                    if (ma != null && !ma.sha256().equals(mb.sha256())) {
                        differences.add(where + "UID " + uid + " bytes differ (" + mb.size() + " on the source, " + ma.size() + " restored)");
                    }
                }
            }
        }
        if (!differences.isEmpty()) {
            String look = "for u in bob john; do echo \"== $u\"; cd /var/vmail/example.com/$u && find . -name 'dovecot*' -printf '%p %s %TT\\n' | sort;"
                    + " for f in $(find . -name dovecot-uidlist | sort); do echo \"$f: $(head -n 1 $f)\"; done; done";
            System.err.println("[backup] the source's maildirs:\n" + src.exec("sh", "-c", look).output());
            System.err.println("[backup] the restored maildirs:\n" + d.exec("sh", "-c", look).output());
        }
        assertThat(differences).as("the restored mailboxes against the source's").isEmpty();
        // the mail tables came along as they were (hashes included), not re-made from the spec
        for (String table : List.of("/etc/mail/credentials", "/etc/mail/virtuals")) {
            assertThat(d.exec("cat", table).output()).as(table).isEqualTo(src.exec("cat", table).output());
        }
        assertThat(dkimPublic(d)).as("the DKIM key").isEqualTo(t.sourceDkimPublic);
        // the certificate came along too, so mail apps trust the new server before DNS moves and certbot has a name to renew
        assertThat(fingerprint(d)).as("the restored server's certificate").contains("Fingerprint=").isEqualTo(fingerprint(src));

        // mail sent from the new server is signed with the restored key, which verifies against the source's record
        Session s = LabMailServer.session(d, 587, tls, Duration.ofSeconds(30));
        String subject = "after the restore " + UUID.randomUUID();
        LabMailServer.send(d, s, USER, PASSWORD, USER, subject, "signed by the restored key\n");
        String raw = LabMailServer.awaitInInbox(d, s, USER, PASSWORD, subject, 60, Duration.ofSeconds(1))
                .orElseThrow(() -> new AssertionError("'" + subject + "' was not delivered on the restored server"));
        assertThat(raw).contains("DKIM-Signature:").containsPattern("d=example\\.com;");
        var symbols = d.exec("sh", "-c", "f=$(grep -rlF '" + subject + "' /var/vmail/example.com/ | head -n1); rspamc -i 192.0.2.10 symbols < \"$f\"");
        assertThat(symbols.output()).contains("R_DKIM_ALLOW");

        // check against the same spec, server changed: clean (a WARN here would be a restore leaving something undone)
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "check", t.targetSpec.toString(), "--known-hosts", t.targetKnownHosts.toString(),
                "--dns-server", d.gateway(), "--no-internet-checks");
        assertThat(exit).as(out[0]).isZero();
        assertThat(out[0]).doesNotContainPattern("(?m)^\\s*(WARN |ERROR) ")
                .containsPattern("ok  DKIM dkim._domainkey.example.com: .*2048-bit key")
                // the restored server's own first snapshot: made (or being made) since the restore
                .containsPattern("(?m)^\\s*ok  Backups: ");
    }

    // ------------------------------------------------------------------ 5. no restore over mail

    @Order(5)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void restoreOntoAServerWithMailIsRefusedWithoutMerge(String suite) throws Exception {
        Trip t = trip(suite);
        assertThat(t.restored).as("the restore of method 3 completed").isTrue();
        LabDroplet d = t.target;
        String list = "find /var/vmail -type f \\( -path '*/cur/*' -o -path '*/new/*' \\) -printf '%P %s\\n' | sort";
        String before = d.exec("sh", "-c", list).output();
        String[] out = new String[1];
        int exit = restore(t, out, t.backupPassword);
        assertThat(exit).as(out[0]).isEqualTo(1);
        assertThat(out[0]).contains("--merge");
        assertThat(d.exec("sh", "-c", list).output()).as("the mail on the server").isEqualTo(before);
    }

    // ------------------------------------------------------------------ 6. backups while mail arrives

    @Order(6)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void backupsTakenWhileMailArrivesLoseNothing(String suite) throws Exception {
        Trip t = trip(suite);
        Installed i = t.source;
        LabDroplet d = i.droplet();
        String run = UUID.randomUUID().toString().substring(0, 8);
        Session s = LabMailServer.session(d, 587);
        List<String> accepted = new CopyOnWriteArrayList<>();
        Set<String> localBefore = files(t.repo);

        // the first ten are delivered before the first backup starts: that snapshot must hold them
        AtomicInteger attempted = new AtomicInteger();
        stream(d, s, run, 0, () -> attempted.get() < 10, Duration.ZERO, accepted, attempted);
        awaitDelivered(d, run, 10);
        List<String> firstTen = List.copyOf(accepted);
        // then one message every half second until a few seconds after the backup ended, however long it takes
        AtomicBoolean more = new AtomicBoolean(true);
        CompletableFuture<Void> rest = CompletableFuture.runAsync(() -> stream(d, s, run, 10, more::get, Duration.ofMillis(500), accepted, attempted));
        Thread.sleep(1000);
        int atStart = accepted.size();
        String[] out = new String[1];
        int exit = LabMailServer.cli(out, null, "backup", i.spec().toString(), "--known-hosts", i.knownHosts().toString(), "--to", t.repo.toString());
        int atEnd = accepted.size();
        Thread.sleep(3000);
        more.set(false);
        rest.get(3, TimeUnit.MINUTES);
        assertThat(exit).as(out[0]).isZero();
        String during = snapshotId(out[0]);
        assertThat(Integer.parseInt(copied(out[0]).group(4))).as("files of the first copy already in DIR").isPositive();
        System.err.println("[backup] stream " + run + ": " + atStart + " accepted when the backup began, " + atEnd + " when it ended, "
                + accepted.size() + " of " + attempted.get() + " in all");
        assertThat(atEnd).as("mail accepted while the backup ran (else this proves nothing)").isGreaterThan(atStart);
        // every message SMTP was offered is taken and delivered: a backup must not make the server refuse or lose mail
        assertThat(accepted).as("accepted by SMTP").hasSize(attempted.get());
        awaitDelivered(d, run, accepted.size());
        // read now: the next backup's `forget --keep-daily` keeps one snapshot a day on the server, so this one goes
        Set<String> first = snapshotSubjects(d, during, run);

        exit = LabMailServer.cli(out, null, "backup", i.spec().toString(), "--known-hosts", i.knownHosts().toString(), "--to", t.repo.toString());
        assertThat(exit).as(out[0]).isZero();
        String after = snapshotId(out[0]);
        assertThat(after).isNotEqualTo(during);
        assertThat(files(t.repo)).as("DIR after the copies: nothing local is deleted").containsAll(localBefore);

        Set<String> inMailbox = imapSubjects(d, LabMailServer.trustingLabCa(d), "stream " + run + " ");
        assertThat(inMailbox).as("in john's INBOX over IMAP").containsAll(accepted);
        Set<String> second = snapshotSubjects(d, after, run);
        System.err.println("[backup] stream " + run + ": accepted " + accepted.size() + ", snapshot " + during + " holds " + first.size()
                + ", snapshot " + after + " holds " + second.size());
        Set<String> union = new TreeSet<>(first);
        union.addAll(second);
        assertThat(union).as("the union of both snapshots").containsAll(accepted);
        assertThat(first).as("the snapshot taken during the stream holds what was delivered before it began").containsAll(firstTen);
        assertThat(second).as("the snapshot taken after the stream").containsAll(accepted);
        var check = d.exec(Duration.ofMinutes(5), "sh", "-c", RESTIC + " check 2>&1");
        assertThat(check.exitCode()).as(check.output()).isZero();
    }

    // ------------------------------------------------------------------ 7. a full repository disk

    @Order(7)
    @ParameterizedTest(name = "{0}")
    @MethodSource(LabDroplet.SUITES)
    void aFullRepositoryDiskFailsTheBackupAndCheckSaysSo(String suite) throws Exception {
        Trip t = trip(suite);
        assertThat(t.restored).as("the restore of method 3 completed").isTrue();
        LabDroplet d = t.target;
        String[] out = new String[1];
        // the restored server backs up on its own (trixie's restic): first a good one
        int exit = LabMailServer.cli(out, null, "backup", t.targetSpec.toString(), "--known-hosts", t.targetKnownHosts.toString());
        assertThat(exit).as(out[0]).isZero();
        snapshotId(out[0]);

        // the repository on a filesystem with no room left: a copy of it on a small tmpfs, bound over it, the rest filled
        var fill = d.exec("sh", "-c", "set -e; mkdir -p /run/lab-full; kb=$(du -sk " + REPOSITORY + " | cut -f1);"
                + " mount -t tmpfs -o size=$((kb + 2048))k lab-full /run/lab-full; cp -a " + REPOSITORY + " /run/lab-full/repo;"
                + " mount --bind /run/lab-full/repo " + REPOSITORY + "; dd if=/dev/zero of=/run/lab-full/filler bs=64k 2>/dev/null || true; df -k " + REPOSITORY);
        assertThat(fill.exitCode()).as(fill.output() + fill.errors()).isZero();
        System.err.println("[backup] the full repository filesystem:\n" + fill.output());
        try {
            // new mail, so the backup has something to write
            LabMailServer.send(d, LabMailServer.session(d, 587, LabMailServer.trusting(t.roots).getSocketFactory(), Duration.ofSeconds(30)),
                    USER, PASSWORD, USER, "before the disk is full " + UUID.randomUUID(), "x".repeat(200_000));
            exit = LabMailServer.cli(out, null, "backup", t.targetSpec.toString(), "--known-hosts", t.targetKnownHosts.toString());
            assertThat(exit).as(out[0]).isEqualTo(1);
            assertThat(out[0]).as("says why").containsPattern("(?i)no space|disk is full|full");
            assertThat(out[0]).doesNotContainPattern("(?m)^\\s*backup: snapshot ");

            exit = LabMailServer.cli(out, null, "check", t.targetSpec.toString(), "--known-hosts", t.targetKnownHosts.toString(),
                    "--dns-server", d.gateway(), "--no-internet-checks");
            assertThat(out[0]).as("check after a failed backup").containsPattern("(?m)^\\s*(WARN |ERROR) Backups: ");
        } finally {
            d.exec("sh", "-c", "umount " + REPOSITORY + "; umount /run/lab-full; true");
        }
    }

    // ------------------------------------------------------------------ the target

    /** The fresh trixie droplet for this source, with the source's DKIM record in its DNS and a spec naming it. */
    static LabDroplet target(Trip t, String suite) throws Exception {
        if (t.target != null) {
            return t.target;
        }
        LabDroplet d = LabDroplet.up(TARGET_SUITE, "mwb-to-" + suite);
        t.target = d;
        t.roots = concat(t.roots, Files.readAllBytes(d.acmeRoot()));
        // the new server answers for the same names (the lab's DNS already points them at it); the DKIM key is the source's
        d.addTxt("dkim._domainkey." + d.domain(), "v=DKIM1; k=rsa; p=" + t.sourceDkimPublic);
        LabDroplet src = t.source.droplet();
        String spec = Files.readString(t.source.spec())
                .replaceFirst("(?m)^server:.*$", Matcher.quoteReplacement("server:   { host: %s, port: %d, user: root, identity: %s }"
                        .formatted(d.host(), d.sshPort(), d.sshKey())))
                .replace(src.acmeDirectory().toString(), d.acmeDirectory().toString());
        t.targetSpec = t.dir.resolve("target.yaml");
        t.targetKnownHosts = t.dir.resolve("known_hosts-target");
        Files.writeString(t.targetSpec, spec);
        return d;
    }

    static int restore(Trip t, String[] out, String password) {
        return LabMailServer.cli(out, password + "\n", restoreArgs(t));
    }

    static String[] restoreArgs(Trip t) {
        return new String[] {"restore", t.targetSpec.toString(), "--from", t.repo.toString(), "--password-stdin",
                "--accept-host-key", t.target.hostKeySha256(), "--known-hosts", t.targetKnownHosts.toString(),
                "--dns-server", t.target.gateway(), "--no-internet-checks"};
    }

    // ------------------------------------------------------------------ the mail

    /**
     * Puts mail in john's INBOX, "Archive" and "Archive/2026" over IMAP (APPEND with flags: read, unread, flagged, a
     * keyword; one with a 10 MB attachment), one through SMTP, one appended and expunged (a gap in the UIDs a
     * renumbering restore would close), and one in bob's INBOX.
     */
    static void fill(LabDroplet d, SSLSocketFactory tls) throws Exception {
        Session s = LabMailServer.session(d, 587, tls, Duration.ofSeconds(60));
        try (Store store = s.getStore("imaps")) {
            store.connect(d.host(), USER, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            Folder archive = store.getFolder("Archive");
            assertThat(archive.create(Folder.HOLDS_MESSAGES | Folder.HOLDS_FOLDERS)).as("create Archive").isTrue();
            Folder y2026 = archive.getFolder("2026");
            assertThat(y2026.create(Folder.HOLDS_MESSAGES)).as("create Archive/2026").isTrue();

            inbox.appendMessages(new Message[] {
                    message(s, "read in the inbox", new Flags(Flags.Flag.SEEN)),
                    message(s, "unread in the inbox", new Flags()),
                    message(s, "to be expunged", new Flags(Flags.Flag.SEEN)),
                    message(s, "flagged and read", flags(Flags.Flag.FLAGGED, Flags.Flag.SEEN)),
                    withAttachment(s, "ten megabytes attached", 10 * 1024 * 1024)});
            Flags keyword = new Flags(Flags.Flag.SEEN);
            keyword.add("$LabKeyword");
            archive.appendMessages(new Message[] {
                    message(s, "archived, read", new Flags(Flags.Flag.SEEN)),
                    message(s, "archived, answered", flags(Flags.Flag.SEEN, Flags.Flag.ANSWERED)),
                    message(s, "archived with a keyword", keyword)});
            y2026.appendMessages(new Message[] {
                    message(s, "2026, unread", new Flags()),
                    message(s, "2026, flagged", new Flags(Flags.Flag.FLAGGED))});

            inbox.open(Folder.READ_WRITE);
            for (Message m : inbox.getMessages()) {
                if ("to be expunged".equals(m.getSubject())) {
                    m.setFlag(Flags.Flag.DELETED, true);
                }
            }
            inbox.close(true);
        }
        String subject = "delivered through SMTP " + UUID.randomUUID();
        LabMailServer.send(d, s, USER, PASSWORD, USER, subject, "delivered by smtpd\n");
        LabMailServer.awaitInInbox(d, s, USER, PASSWORD, subject, 60, Duration.ofSeconds(1))
                .orElseThrow(() -> new AssertionError("'" + subject + "' was not delivered"));
        try (Store store = s.getStore("imaps")) {
            store.connect(d.host(), BOB, BOB_PASSWORD);
            store.getFolder("INBOX").appendMessages(new Message[] {message(s, "bob's only message", new Flags(Flags.Flag.SEEN))});
        }
    }

    static Flags flags(Flags.Flag... fs) {
        Flags f = new Flags();
        for (Flags.Flag x : fs) {
            f.add(x);
        }
        return f;
    }

    static MimeMessage message(Session s, String subject, Flags flags) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("someone@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
        m.setSubject(subject);
        m.setText(subject + "\n" + UUID.randomUUID() + "\n");
        m.saveChanges();
        m.setFlags(flags, true);
        return m;
    }

    static MimeMessage withAttachment(Session s, String subject, int bytes) throws Exception {
        MimeMessage m = new MimeMessage(s);
        m.setFrom(new InternetAddress("someone@example.org"));
        m.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
        m.setSubject(subject);
        MimeBodyPart text = new MimeBodyPart();
        text.setText("the attachment is random bytes\n");
        MimeBodyPart file = new MimeBodyPart();
        byte[] data = new byte[bytes];
        new Random(15).nextBytes(data);
        file.setDataHandler(new DataHandler(new ByteArrayDataSource(data, "application/octet-stream")));
        file.setFileName("random.bin");
        m.setContent(new MimeMultipart(text, file));
        m.saveChanges();
        return m;
    }

    /** Every folder of {@code user} that holds messages, read-only (EXAMINE: reading sets no \Seen). */
    static Map<String, FolderState> mailboxes(LabDroplet d, SSLSocketFactory tls, String user, String password) throws Exception {
        Session s = LabMailServer.session(d, 587, tls, Duration.ofSeconds(60));
        // the 10 MB message in 1 MB pieces instead of 16 KB ones
        s.getProperties().put("mail.imaps.fetchsize", Integer.toString(1 << 20));
        Map<String, FolderState> out = new TreeMap<>();
        try (Store store = s.getStore("imaps")) {
            store.connect(d.host(), user, password);
            for (Folder f : store.getDefaultFolder().list("*")) {
                if ((f.getType() & Folder.HOLDS_MESSAGES) == 0) {
                    continue;
                }
                f.open(Folder.READ_ONLY);
                try {
                    UIDFolder u = (UIDFolder) f;
                    Message[] all = f.getMessages();
                    FetchProfile fp = new FetchProfile();
                    fp.add(UIDFolder.FetchProfileItem.UID);
                    fp.add(FetchProfile.Item.FLAGS);
                    f.fetch(all, fp);
                    SortedMap<Long, Msg> msgs = new TreeMap<>();
                    for (Message m : all) {
                        ByteArrayOutputStream raw = new ByteArrayOutputStream();
                        m.writeTo(raw);
                        msgs.put(u.getUID(m), new Msg(flagNames(m.getFlags()), raw.size(), sha256(raw.toByteArray())));
                    }
                    out.put(f.getFullName(), new FolderState(u.getUIDValidity(), msgs));
                } finally {
                    f.close(false);
                }
            }
        }
        return out;
    }

    /** The flags as names; \Recent is left out: it belongs to the session that first sees a message, not to the message. */
    static Set<String> flagNames(Flags f) {
        Set<String> names = new TreeSet<>(List.of(f.getUserFlags()));
        for (Flags.Flag x : f.getSystemFlags()) {
            if (x == Flags.Flag.SEEN) names.add("\\Seen");
            else if (x == Flags.Flag.ANSWERED) names.add("\\Answered");
            else if (x == Flags.Flag.FLAGGED) names.add("\\Flagged");
            else if (x == Flags.Flag.DELETED) names.add("\\Deleted");
            else if (x == Flags.Flag.DRAFT) names.add("\\Draft");
        }
        return names;
    }

    static String summary(Map<String, Map<String, FolderState>> boxes) {
        return boxes.entrySet().stream().map(u -> u.getKey() + " " + u.getValue().entrySet().stream()
                .map(f -> f.getKey() + "(uidvalidity " + f.getValue().uidValidity() + ", uids " + f.getValue().messages().keySet() + ")")
                .collect(Collectors.joining(", "))).collect(Collectors.joining("; "));
    }

    // ------------------------------------------------------------------ the stream

    /**
     * Sends messages numbered from {@code from} to john while {@code keepGoing} says so, {@code pause} apart, over one
     * connection (a new one after a failure), counting the attempts and recording the subjects SMTP accepted.
     */
    static void stream(LabDroplet d, Session s, String run, int from, BooleanSupplier keepGoing, Duration pause, List<String> accepted,
                       AtomicInteger attempted) {
        Transport transport = null;
        for (int n = from; keepGoing.getAsBoolean(); n++) {
            String subject = "stream " + run + " " + n;
            attempted.incrementAndGet();
            try {
                if (transport == null || !transport.isConnected()) {
                    transport = s.getTransport("smtp");
                    transport.connect(d.host(), USER, PASSWORD);
                }
                MimeMessage m = new MimeMessage(s);
                m.setFrom(new InternetAddress(USER));
                m.setRecipient(Message.RecipientType.TO, new InternetAddress(USER));
                m.setSubject(subject);
                m.setText("message " + n + " of the stream\n" + "y".repeat(2000) + "\n" + STREAM_END + "\n");
                m.saveChanges();
                transport.sendMessage(m, m.getAllRecipients());
                accepted.add(subject);
            } catch (Exception e) {
                System.err.println("[backup] " + subject + " not accepted: " + e);
                transport = null;
            }
            try {
                Thread.sleep(pause.toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return;
            }
        }
        try {
            if (transport != null) {
                transport.close();
            }
        } catch (Exception ignored) {
            // the messages are sent
        }
    }

    /** Waits up to 60 s until {@code count} messages of the stream are in john's maildir (new/ or cur/). */
    static void awaitDelivered(LabDroplet d, String run, int count) throws InterruptedException {
        String find = "find /var/vmail/example.com/john -type f \\( -path '*/new/*' -o -path '*/cur/*' \\) -exec grep -lF 'Subject: stream "
                + run + " ' {} + | wc -l";
        int have = 0;
        for (int i = 0; i < 60; i++) {
            have = Integer.parseInt(d.exec("sh", "-c", find).output().strip());
            if (have >= count) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(have + " of " + count + " stream messages delivered after 60 s");
    }

    static Set<String> imapSubjects(LabDroplet d, SSLSocketFactory tls, String prefix) throws Exception {
        Set<String> out = new TreeSet<>();
        try (Store store = LabMailServer.session(d, 587, tls, Duration.ofSeconds(30)).getStore("imaps")) {
            store.connect(d.host(), USER, PASSWORD);
            Folder inbox = store.getFolder("INBOX");
            inbox.open(Folder.READ_ONLY);
            for (Message m : inbox.getMessages()) {
                if (m.getSubject() != null && m.getSubject().startsWith(prefix)) {
                    out.add(m.getSubject());
                }
            }
        }
        return out;
    }

    /**
     * The stream's subjects in john's maildir (new/ and cur/) of one snapshot, restored on the server into a temporary
     * directory; asserts that none of them is a half-written file.
     */
    static Set<String> snapshotSubjects(LabDroplet d, String snapshot, String run) {
        String dir = "/var/tmp/lab-snapshot-" + snapshot;
        String files = "find " + dir + " -type f -path '*/example.com/john/*' \\( -path '*/new/*' -o -path '*/cur/*' \\) -exec grep -lF 'Subject: stream "
                + run + " ' {} +";
        try {
            var restored = d.exec(Duration.ofMinutes(5), "sh", "-c", "rm -rf " + dir + " && " + RESTIC + " restore " + snapshot + " --target " + dir + " 2>&1");
            assertThat(restored.exitCode()).as("restic restore " + snapshot + ": " + restored.output()).isZero();
            String half = d.exec("sh", "-c", files + " | xargs -r grep -LF " + STREAM_END + "; true").output().strip();
            assertThat(half).as("stream messages in snapshot " + snapshot + " without their last line").isEmpty();
            String subjects = d.exec("sh", "-c", files + " | xargs -r grep -hoa 'Subject: stream " + run + " [0-9]*'; true").output();
            return subjects.lines().map(l -> l.substring("Subject: ".length())).collect(Collectors.toCollection(TreeSet::new));
        } finally {
            d.exec("rm", "-rf", dir);
        }
    }

    // ------------------------------------------------------------------ small things

    static String snapshotId(String output) {
        Matcher m = SNAPSHOT.matcher(output);
        assertThat(m.find()).as("a 'backup: snapshot ID at ..., repository ..., verified' line in:\n" + output).isTrue();
        return m.group(1);
    }

    static Matcher copied(String output) {
        Matcher m = COPIED.matcher(output);
        assertThat(m.find()).as("a 'copied N new files (X MB) to DIR; M already there' line in:\n" + output).isTrue();
        return m;
    }

    /** Files with mail in them under {@code dir} on the droplet (maildir new/ and cur/). */
    static int mailFiles(LabDroplet d, String dir) {
        return Integer.parseInt(d.exec("sh", "-c", "find " + dir + " -type f \\( -path '*/cur/*' -o -path '*/new/*' \\) 2>/dev/null | wc -l")
                .output().strip());
    }

    static Set<String> files(Path dir) throws Exception {
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).map(p -> dir.relativize(p).toString()).collect(Collectors.toCollection(HashSet::new));
        }
    }

    static String dkimPublic(LabDroplet d) {
        var r = d.exec("sh", "-c", "openssl pkey -in /etc/dkim/example.com.dkim.key -pubout | grep -v -- -----");
        assertThat(r.exitCode()).as(r.errors()).isZero();
        return r.output().replace("\n", "");
    }

    static String fingerprint(LabDroplet d) {
        return d.exec("sh", "-c", "openssl x509 -noout -fingerprint -sha256 -in /etc/letsencrypt/live/mail.example.com/cert.pem 2>&1").output().strip();
    }

    static String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    static byte[] concat(byte[] a, byte[] b) {
        if (b == null) {
            return a;
        }
        byte[] out = new byte[a.length + 1 + b.length];
        System.arraycopy(a, 0, out, 0, a.length);
        out[a.length] = '\n';
        System.arraycopy(b, 0, out, a.length + 1, b.length);
        return out;
    }

    static String unescapeHtml(String s) {
        return s.replace("&lt;", "<").replace("&gt;", ">").replace("&quot;", "\"").replace("&#39;", "'").replace("&#x27;", "'")
                .replace("&amp;", "&");
    }
}
