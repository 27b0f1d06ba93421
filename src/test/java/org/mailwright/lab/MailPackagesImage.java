package org.mailwright.lab;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import org.mailwright.engine.Facts;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.steps.Packages;
import org.mailwright.engine.steps.Preflight;
import org.mailwright.facts.ServerFacts.Release;
import org.mailwright.model.Severity;
import org.mailwright.remote.Auth;
import org.mailwright.remote.Cancel;
import org.mailwright.remote.HostKeyPrompt;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;

/**
 * The lab image a droplet boots with the mail server's packages already there ({@link LabDroplet#upWithMailPackages}):
 * made by Mailwright's own preflight and package step on a fresh droplet, so its packages, their versions and
 * bookworm-backports' source are the product's, never a second list kept here.
 *
 * <p>Without fail2ban: the package step installs it under a runtime hold that a reboot lifts, and a saved image boots
 * with Debian's own jails running, which Mailwright then takes for the person's fail2ban and leaves its sshd jail on
 * ({@code Protection.ssh}; a lab run saw it). Each apply installs fail2ban itself, as on a fresh server (10 to 15 s).
 */
final class MailPackagesImage {
    private MailPackagesImage() {
    }

    /**
     * The image's name for {@code suite}: the suite and a digest of the package step's list for its release, so a
     * changed list makes a new image (a rebuilt rootfs makes the old one stale too: {@code lab/droplet has-image}).
     */
    static String name(String suite) {
        Release release = Release.valueOf(suite.toUpperCase(java.util.Locale.ROOT));
        List<String> packages = Packages.wanted(release);
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(String.join(" ", packages).getBytes(StandardCharsets.UTF_8));
            return suite + "-mail-" + HexFormat.of().formatHex(digest, 0, 5);
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /**
     * Boots a bare droplet of {@code suite}, applies the preflight and package steps to it, and saves it as
     * {@code image}; the droplet is removed either way.
     *
     * @throws IllegalStateException with the steps' findings when the package step fails
     */
    static void make(String suite, String image) {
        System.err.println("[lab] making image " + image + ": the mail server's packages, installed by Mailwright's package step");
        LabDroplet d = LabDroplet.up(suite, "mwimg-" + suite);
        try {
            Path knownHosts = Files.createTempFile("mailwright-lab-image", ".known_hosts");
            RunReport report;
            try (SshRemoteHost host = SshRemoteHost.connect(new SshTarget(d.host(), d.sshPort(), "root", Auth.keyFile(d.sshKey())),
                    new HostKeyStore(knownHosts), HostKeyPrompt.acceptFingerprint(d.hostKeySha256()))) {
                report = new Runner(List.of(new Preflight(), new Packages()))
                        .run(Runner.Mode.APPLY, new StepContext(host, new Cancel(), new Facts(), RunListener.NONE), RunListener.NONE);
            } finally {
                Files.deleteIfExists(knownHosts);
            }
            if (report.severity() == Severity.ERROR || report.cancelled()) {
                throw new IllegalStateException("the package step failed on " + d.name() + ": " + report.findings());
            }
        } catch (Exception e) {
            d.close();
            throw e instanceof IllegalStateException ise ? ise : new IllegalStateException("cannot make image " + image, e);
        }
        d.saveAs(image);
    }
}
