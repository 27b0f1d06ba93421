package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.accounts.DkimKeyGenerator;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Facts;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.Severity;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.FakeRemoteHost;
import org.mailwright.render.MailLayout;
import org.mailwright.spec.SpecReader;

/**
 * How many remote commands a step costs as the server grows: the same for 1 mailbox in 1 domain as for 1,000 mailboxes
 * in 50 domains. A count, not a timing: a loop that asks the server once per domain or mailbox comes back as a failure
 * here on any machine. The DKIM scripts run in a local {@code sh} against keys in a temporary directory, so their
 * output is parsed as the server's shell writes it.
 */
class ScaleCommandCountTest {
    static final String HASH = "$2b$12$abcdefghijklmnopqrstuuJ3Wq9kz3Yc1ZrQv3ZJ1ZrQv3ZJ1ZrQv";
    static final String SPEC_TEXT = """
            server: { host: 203.0.113.7 }
            hostname: mail.d0.example
            domains: [d0.example]
            users: [ { address: u0@d0.example, password-hash: "%s" } ]
            tls: { mode: self-signed }
            """.formatted(HASH);
    static final ServerSpec SPEC = SpecReader.read(SPEC_TEXT);
    static DkimKeyGenerator.DkimKey key;

    @TempDir
    Path dir;

    @BeforeAll
    static void oneKey() {
        key = DkimKeyGenerator.generate(2048);
    }

    /** A server holding {@code mailboxes} mailboxes over {@code domains} domains, every domain's key but the last made. */
    private FakeRemoteHost server(int mailboxes, int domains) throws IOException {
        StringBuilder credentials = new StringBuilder();
        StringBuilder virtuals = new StringBuilder(ServerAccounts.TABLE_HEADER);
        StringBuilder domainTable = new StringBuilder(ServerAccounts.TABLE_HEADER);
        for (int d = 0; d < domains; d++) {
            domainTable.append("d").append(d).append(".example\n");
        }
        for (int m = 0; m < mailboxes; m++) {
            String address = "u" + m + "@d" + (m % domains) + ".example";
            credentials.append(address).append(':').append(HASH).append("::::::\n");
            virtuals.append(address).append(": vmail\n");
        }
        Path keys = Files.createDirectories(dir.resolve(domains + "-" + mailboxes));
        for (int d = 0; d < domains - 1; d++) {
            Files.writeString(keys.resolve("d" + d + ".example.dkim.key"), key.privatePem());
        }
        String local = keys.toString();
        return new FakeRemoteHost()
                .file(MailLayout.CREDENTIALS, credentials.toString(), 0640, "root", "_dovecot")
                .file(MailLayout.VIRTUALS, virtuals.toString(), 0644, "root", "root")
                .file(MailLayout.DOMAINS, domainTable.toString(), 0644, "root", "root")
                .on("for f in ", c -> sh(c.line().replace(MailLayout.DKIM_DIR, local), local));
    }

    /** Runs {@code script} here, answering with the server's paths in place of {@code local}. */
    private static CommandResult sh(String script, String local) {
        try {
            Process p = new ProcessBuilder("sh", "-c", script).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            out = local.isEmpty() ? out : out.replace(local, MailLayout.DKIM_DIR);
            String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
            return new CommandResult(script, p.waitFor(), out, err);
        } catch (IOException | InterruptedException e) {
            throw new AssertionError(e);
        }
    }

    /** A context on {@code host} that knows the server runs Debian 13, as preflight would have found. */
    private static StepContext context(FakeRemoteHost host) {
        StepContext ctx = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);
        ctx.facts().put(ServerFacts.class, new ServerFacts("debian", "trixie", "Debian GNU/Linux 13 (trixie)", true,
                18_000_000, 2_000_000, "eth0", List.of("203.0.113.7"), List.of(), java.util.Set.of(22)));
        return ctx;
    }

    private record Counted(int commands, StepContext ctx) {
    }

    private Counted count(int mailboxes, int domains, Consumer<StepContext> work) throws IOException {
        FakeRemoteHost host = server(mailboxes, domains);
        StepContext ctx = context(host);
        ServerAccounts.of(ctx, SPEC);
        int before = host.executed().size();
        work.accept(ctx);
        return new Counted(host.executed().size() - before, ctx);
    }

    @Test
    void dkimPlanAsksTheServerOnceAndMakesOnlyTheMissingKeyForFiftyDomains() throws IOException {
        Plan[] plans = new Plan[2];
        Counted small = count(1, 1, ctx -> plans[0] = new Dkim(SPEC).plan(ctx));
        Counted large = count(1000, 50, ctx -> plans[1] = new Dkim(SPEC).plan(ctx));

        assertThat(large.commands()).as("remote commands for 50 domains and 1,000 mailboxes vs 1 and 1").isEqualTo(small.commands()).isEqualTo(1);
        assertThat(plans[1].changesOf(FileChange.class)).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo(MailLayout.DKIM_DIR + "/d49.example.dkim.key"));
        assertThat(plans[0].changesOf(FileChange.class)).singleElement()
                .satisfies(f -> assertThat(f.path()).isEqualTo(MailLayout.DKIM_DIR + "/d0.example.dkim.key"));
    }

    @Test
    void dkimVerifyReadsEveryPublicKeyInOneCommandAndNamesTheBrokenOne() throws IOException {
        List<List<Finding>> found = new java.util.ArrayList<>();
        Counted small = count(1, 1, ctx -> found.add(new Dkim(SPEC).verify(ctx)));
        Counted large = count(1000, 50, ctx -> found.add(new Dkim(SPEC).verify(ctx)));

        assertThat(large.commands()).isEqualTo(small.commands()).isEqualTo(1);
        List<Finding> fifty = found.get(1);
        assertThat(fifty).hasSize(50);
        assertThat(fifty.subList(0, 49)).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
        assertThat(fifty.get(49).severity()).isEqualTo(Severity.ERROR);
        assertThat(fifty.get(49).message()).contains("d49.example.dkim.key").contains("No such file");
        String published = large.ctx().facts().require(DkimKeys.class).publicKeyByDomain().get("d7.example");
        assertThat(published).as("openssl's public half of the key on the server").isEqualTo(key.publicBase64());
    }

    @Test
    void fiftyNewDkimKeysAreWrittenInOneUpload() throws IOException {
        FakeRemoteHost host = server(50, 50);
        StepContext ctx = context(host);
        // no key yet: every domain gets one (the directory does not answer the stat either); 1024-bit keys only
        // to keep this test quick, the count does not depend on the size
        host.on("for f in ", 0, "").on("install -d ", 0, "");
        Dkim dkim = new Dkim(SpecReader.read(SPEC_TEXT.replace("tls:", "dkim: { bits: 1024 }\ntls:")));
        Plan plan = dkim.plan(ctx);
        assertThat(plan.changesOf(FileChange.class)).hasSize(50);
        int commands = host.executed().size();
        dkim.apply(ctx, plan);

        assertThat(host.uploadCalls()).as("upload calls for 50 new keys").isEqualTo(1);
        assertThat(host.executed().size() - commands).as("commands besides: the directory").isEqualTo(1);
        assertThat(host.uploads()).hasSize(50).contains(MailLayout.DKIM_DIR + "/d49.example.dkim.key");
        assertThat(host.fileAt(MailLayout.DKIM_DIR + "/d0.example.dkim.key")).hasValueSatisfying(f ->
                assertThat(new String(f.content(), StandardCharsets.UTF_8)).startsWith("-----BEGIN RSA PRIVATE KEY-----"));
        assertThat(host.transcript().render()).doesNotContain("PRIVATE KEY");
    }

    /**
     * A server whose postmaster@dN aliases point at uN@dN (d49's at u0@d0), with stand-ins for sendmail (delivers to
     * the alias's maildir under {@code vmail}, DKIM-signed except for d3) and rspamc (allows what is signed).
     */
    private FakeRemoteHost deliveringServer(int domains, Path vmail) throws IOException {
        StringBuilder aliases = new StringBuilder();
        StringBuilder map = new StringBuilder();
        for (int d = 0; d < domains; d++) {
            String target = d == 49 ? "u0@d0.example" : "u" + d + "@d" + d + ".example";
            aliases.append("postmaster@d").append(d).append(".example: ").append(target).append('\n');
            String dir = vmail + "/" + target.substring(target.indexOf('@') + 1) + "/" + target.substring(0, target.indexOf('@'));
            map.append("postmaster@d").append(d).append(".example ").append(dir).append('\n');
            Files.createDirectories(Path.of(dir, "new"));
            Files.createDirectories(Path.of(dir, "cur"));
        }
        // an archive that must not be searched message by message: old mail carrying no token
        for (int i = 0; i < 300; i++) {
            Path old = Files.writeString(Path.of(vmail + "/d0.example/u0/cur/old-" + i), "Subject: old " + i + "\n\nold mail\n");
            Files.setLastModifiedTime(old, java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() - 86_400_000L));
        }
        Path bin = Files.createDirectories(dir.resolve("bin"));
        Files.writeString(dir.resolve("aliases"), map);
        Path sendmail = Files.writeString(bin.resolve("sendmail"), """
                #!/bin/sh
                to="$3"; d=$(awk -v a="$to" '$1 == a { print $2 }' %s)
                dom=${to#*@}
                f="$d/new/$(date +%%s%%N).$$"
                if [ "$dom" = d3.example ]; then cat > "$f"; else { printf 'DKIM-Signature: v=1; a=rsa-sha256; d=%%s;\\n s=dkim; b=abc\\n' "$dom"; cat; } > "$f"; fi
                """.formatted(dir.resolve("aliases")));
        Path rspamc = Files.writeString(bin.resolve("rspamc"), "#!/bin/sh\nif grep -q DKIM-Signature; then echo 'Symbol: R_DKIM_ALLOW (-0.20)'; fi\n");
        for (Path x : List.of(sendmail, rspamc)) {
            x.toFile().setExecutable(true);
        }
        FakeRemoteHost host = server(1000, domains);
        String virtuals = host.content(MailLayout.VIRTUALS).orElseThrow() + aliases;
        return host.file(MailLayout.VIRTUALS, virtuals, 0644, "root", "root")
                .on("end=$(( $(date +%s)", 0, "")
                .on("m=$(mktemp", c -> {
                    CommandResult r = sh("PATH=" + bin + ":$PATH\n" + c.line().replace(MailLayout.VMAIL, vmail.toString()), "");
                    return new CommandResult(c.line(), r.exitStatus(), r.stdout().replace(vmail.toString(), MailLayout.VMAIL), r.stderr());
                });
    }

    @Test
    void deliveryToFiftyDomainsIsOneScriptThatFindsEveryMessageAndReadsNoOldMail() throws IOException {
        Path vmail = Files.createDirectories(dir.resolve("vmail"));
        FakeRemoteHost host = deliveringServer(50, vmail);
        StepContext ctx = context(host);
        List<Finding> found = new java.util.ArrayList<>();
        new Verify(SPEC).delivery(ctx, found);

        assertThat(host.executed()).as("the rspamd ping and one script").hasSize(2);
        assertThat(found).filteredOn(f -> f.check().startsWith("Delivery ")).hasSize(50)
                .allSatisfy(f -> assertThat(f.severity()).as(f.toString()).isEqualTo(Severity.OK));
        assertThat(found).filteredOn(f -> f.check().equals("Delivery d49.example")).singleElement()
                .satisfies(f -> assertThat(f.message()).endsWith("reached /var/vmail/d0.example/u0"));
        assertThat(found).filteredOn(f -> f.check().equals("DKIM d3.example")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.ERROR));
        assertThat(found).filteredOn(f -> f.check().startsWith("DKIM DNS ")).hasSize(49)
                .allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
        try (var left = Files.walk(vmail)) {
            assertThat(left.filter(Files::isRegularFile).map(Path::toString)).as("the test messages are removed, old mail kept")
                    .hasSize(300).allMatch(n -> n.contains("/cur/old-"));
        }
    }

    @Test
    void aMessageThatNeverArrivesIsNamedAndTheOthersStillPass() throws IOException {
        Path vmail = Files.createDirectories(dir.resolve("vmail"));
        FakeRemoteHost host = deliveringServer(2, vmail);
        // d1's stand-in sendmail refuses
        Files.writeString(dir.resolve("bin/sendmail"), Files.readString(dir.resolve("bin/sendmail")).replace("dom=${to#*@}",
                "dom=${to#*@}; if [ \"$dom\" = d1.example ]; then echo '550 no' >&2; exit 1; fi"));
        StepContext ctx = context(host);
        List<Finding> found = new java.util.ArrayList<>();
        long t0 = System.nanoTime();
        new Verify(SPEC).delivery(ctx, found);

        assertThat(found).filteredOn(f -> f.check().equals("Delivery d0.example")).singleElement()
                .satisfies(f -> assertThat(f.severity()).isEqualTo(Severity.OK));
        assertThat(found).filteredOn(f -> f.check().equals("Delivery d1.example")).singleElement()
                .satisfies(f -> assertThat(f.message()).isEqualTo("sendmail refused the test message: 550 no"));
        assertThat(System.nanoTime() - t0).as("a refused message is not waited for (the wait for a missing one is 20 s)")
                .isLessThan(10_000_000_000L);
    }

    @Test
    void usersListCostsTheSameRoundTripsForOneMailboxAsForAThousand() throws IOException {
        int[] trips = new int[2];
        int[] rows = new int[2];
        int i = 0;
        for (int[] size : new int[][] {{1, 1}, {1000, 50}}) {
            FakeRemoteHost host = server(size[0], size[1]).on("dpkg-query -W", 0, "dovecot\t1:2.3.19.1+dfsg1-2.1\n");
            var snapshot = new org.mailwright.engine.mailboxes.MailboxService(host, SPEC.dkim()).read();
            trips[i] = host.roundTrips();
            rows[i++] = snapshot.tables().mailboxes().size();
        }
        assertThat(rows).containsExactly(1, 1000);
        assertThat(trips[1]).as("round trips for 1,000 mailboxes vs 1").isEqualTo(trips[0]).isEqualTo(2);
    }
}
