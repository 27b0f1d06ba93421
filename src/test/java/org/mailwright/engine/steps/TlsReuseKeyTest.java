package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Facts;
import org.mailwright.engine.Plan;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.StepContext;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.FakeRemoteHost;

/** certbot keeps the certificate's key on renewal, so the DANE TLSA record (the key's digest) stays valid. */
class TlsReuseKeyTest {
    static final String CONF = "/etc/letsencrypt/renewal/mail.example.com.conf";
    /** A renewal configuration as certbot 2.1 (Debian 12) writes it for a certificate issued without --reuse-key. */
    static final String WITHOUT = """
            # renew_before_expiry = 30 days
            version = 2.1.0
            archive_dir = /etc/letsencrypt/archive/mail.example.com
            cert = /etc/letsencrypt/live/mail.example.com/cert.pem
            privkey = /etc/letsencrypt/live/mail.example.com/privkey.pem
            chain = /etc/letsencrypt/live/mail.example.com/chain.pem
            fullchain = /etc/letsencrypt/live/mail.example.com/fullchain.pem

            # Options used in the renewal process
            [renewalparams]
            account = 0123456789abcdef
            authenticator = standalone
            server = https://10.200.1.1:14000/dir
            key_type = ecdsa
            """;

    private final FakeRemoteHost host = new FakeRemoteHost();
    private final StepContext ctx = new StepContext(host, new Cancel(), new Facts(), RunListener.NONE);

    private List<CommandChange> plan() {
        host.on("", 1, "");   // no valid certificate: certbot is planned too
        Plan plan = new Tls(TlsStandInTest.SPEC).plan(ctx);
        return plan.changesOf(CommandChange.class);
    }

    @Test
    void certbotIsAskedToReuseTheKey() {
        assertThat(plan()).filteredOn(c -> c.why().contains("certbot")).singleElement()
                .satisfies(c -> assertThat(c.command().line()).contains("--reuse-key", "--keep-until-expiring"));
    }

    @Test
    void aLineageWithoutReuseKeyIsSwitchedInItsRenewalConfigurationWithoutANewCertificate(@TempDir Path dir) throws Exception {
        host.file(CONF, WITHOUT, 0644, "root", "root");
        CommandChange change = plan().stream().filter(c -> c.why().contains("reuse_key")).findFirst().orElseThrow();
        assertThat(change.why()).contains("DANE", CONF).doesNotContain("certbot"); // apply treats a "certbot" change as issuance

        // the command, run for real by sh on a copy
        Path conf = dir.resolve("mail.example.com.conf");
        Files.writeString(conf, WITHOUT);
        String line = change.command().line().replace(CONF, conf.toString());
        Process p = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor()).as(out).isZero();
        String after = Files.readString(conf);
        assertThat(after).isEqualTo(WITHOUT.replace("[renewalparams]\n", "[renewalparams]\nreuse_key = True\n"));
        assertThat(Tls.reusesKey(after)).isTrue();
        try (var files = Files.list(dir)) {
            assertThat(files).as("no temporary file left beside it").hasSize(1);
        }

        // a False written by certbot is turned to True in place
        Files.writeString(conf, WITHOUT.replace("key_type = ecdsa", "reuse_key = False\nkey_type = ecdsa"));
        p = new ProcessBuilder("sh", "-c", line).redirectErrorStream(true).start();
        assertThat(p.waitFor()).isZero();
        assertThat(Files.readString(conf)).contains("\nreuse_key = True\nkey_type").doesNotContain("False");
    }

    @Test
    void aLineageThatReusesItsKeyIsLeftAlone() {
        host.file(CONF, WITHOUT.replace("key_type = ecdsa", "key_type = ecdsa\nreuse_key = True"), 0644, "root", "root");
        assertThat(plan()).noneMatch(c -> c.why().contains("reuse_key"));
    }
}
