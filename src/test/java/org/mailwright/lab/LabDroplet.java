package org.mailwright.lab;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * A real Debian droplet booted by {@code lab/droplet up} (systemd-nspawn in its own network namespace, with
 * its own DNS server and pebble ACME server on the gateway). Close it to power it off and remove it.
 *
 * <pre>
 * try (LabDroplet d = LabDroplet.up("trixie")) {
 *     assertThat(d.exec("cat", "/etc/os-release").output()).contains("trixie");
 * }
 * </pre>
 */
public final class LabDroplet implements AutoCloseable {

    /** Building a rootfs the first time takes minutes; a cached one boots in seconds. */
    static final Duration UP_TIMEOUT = Duration.ofMinutes(Long.getLong("lab.upTimeoutMinutes", 15));
    static final Duration DOWN_TIMEOUT = Duration.ofMinutes(2);
    static final Duration EXEC_TIMEOUT = Duration.ofMinutes(10);
    static final Duration DNS_TIMEOUT = Duration.ofSeconds(60);

    private static final Pattern KEY_VALUE = Pattern.compile("^([A-Z][A-Z0-9_]*)=(.*)$");

    static final Duration REBOOT_TIMEOUT = Duration.ofMinutes(5);
    /** {@code lab/droplet up}'s exit status when a droplet of that name is up already. */
    static final int ALREADY_UP = 3;

    /** Replaced by {@link #reboot}, which adds its timings. */
    private volatile Map<String, String> env;
    private volatile boolean closed;

    private LabDroplet(Map<String, String> env) {
        this.env = Map.copyOf(env);
    }

    /** For parameterized lab tests: {@code @MethodSource(LabDroplet.SUITES)} runs them once per {@link #suites()}. */
    public static final String SUITES = "org.mailwright.lab.LabDroplet#suites";

    /**
     * Skips {@code suite} unless it is {@code ciSuite} or the run is a release run ({@code -Dlab.release=true}): a lab
     * case whose code does not differ between the releases runs on one of them in CI, on both before a release, so
     * {@code .ci/run} stays within its time (README).
     */
    static void oneSuiteInCi(String suite, String ciSuite, String test) {
        if (!suite.equals(ciSuite) && !Boolean.getBoolean("lab.release")) {
            String why = test + " runs on " + ciSuite + " in CI and on both releases with -Dlab.release=true";
            System.err.println("[lab] " + test + " skipped on " + suite + ": " + why);
            org.junit.jupiter.api.Assumptions.abort(why);
        }
    }

    /** The suites lab tests run on: system property {@code lab.suites}, default "bookworm,trixie". */
    public static Stream<String> suites() {
        return Arrays.stream(System.getProperty("lab.suites", "bookworm,trixie").split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty());
    }

    public static LabDroplet up(String suite) {
        return up(suite, "mw-" + suite);
    }

    /**
     * Boots droplet {@code name}. A failed boot is tried once more after its stderr is printed: booting a container
     * on a loaded 2-core machine is the lab's own machinery, not what a test proves, and a CI run once lost a whole
     * test class to one failed boot whose reason scrolled out of the log. A name that is up already is not retried.
     *
     * @throws IllegalStateException when the second boot fails too (with that boot's stderr), or a droplet of that
     *                               name is up already (in another run)
     */
    public static LabDroplet up(String suite, String name) {
        return up(suite, name, new String[0]);
    }

    /**
     * Boots droplet {@code name} with more options of {@code lab/droplet up} ({@code --ipv6}), as {@link #up(String, String)}.
     */
    public static LabDroplet up(String suite, String name, String... options) {
        List<String> args = new java.util.ArrayList<>(List.of("up", "--suite", suite, "--name", name));
        args.addAll(List.of(options));
        Run run = run(UP_TIMEOUT, true, args.toArray(String[]::new));
        if (run.exitCode == ALREADY_UP) {
            // someone else's droplet (another lab run on this machine, CI's other lane): taking it down would pull the
            // server out from under that run's test, as happened once to a restore in CI
            throw new IllegalStateException("droplet " + name + " is up already, in another run; it was left alone: " + run.stderr.strip());
        }
        if (run.exitCode != 0) {
            System.err.println("[lab] lab/droplet up --name " + name + " failed with exit code " + run.exitCode + ": "
                    + run.stderr.strip() + "\n[lab] taking it down and booting it once more");
            run(DOWN_TIMEOUT, true, "down", "--name", name);
            run = run(UP_TIMEOUT, true, args.toArray(String[]::new));
        }
        if (run.exitCode != 0) {
            // a half-made droplet still holds a netns, daemons and a rootfs: remove them
            run(DOWN_TIMEOUT, true, "down", "--name", name);
            throw new IllegalStateException("lab/droplet up --suite " + suite + " --name " + name
                    + " failed with exit code " + run.exitCode + ": " + run.stderr.strip());
        }
        Map<String, String> env = parse(run.stdout);
        for (String key : List.of("NAME", "SUITE", "HOST", "GATEWAY", "SSH_PORT", "ROOT_PASSWORD", "ADMIN_USER",
                "ADMIN_PASSWORD", "SSH_KEY", "HOST_KEY_SHA256", "DNS", "ACME_DIR", "ACME_CA", "ACME_ROOT",
                "DOMAIN", "MAIL_HOST")) {
            if (!env.containsKey(key)) {
                run(DOWN_TIMEOUT, true, "down", "--name", name);
                throw new IllegalStateException("lab/droplet up printed no " + key + "= line");
            }
        }
        return new LabDroplet(env);
    }

    /**
     * Boots droplet {@code name} as {@link #up(String, String, String...)} does, from an image of {@code suite} that has
     * the mail server's packages installed by Mailwright's own package step (fail2ban's not: {@link MailPackagesImage}),
     * and nothing else of Mailwright: a server
     * whose first apply stopped after its package step, as when the connection was cut there. The image is made once
     * (about two minutes) and kept beside the rootfs until that is rebuilt or the step's package list changes.
     *
     * <p>Lab cases that prove something after the install use it; the cases that prove the install itself (a fresh
     * server's first apply, an existing server, exim4 replaced by apt, a cut apt, the wizard, a restore onto a new server) boot
     * the bare rootfs. It saves apt's 55 to 100 s on each of the others: that made the lab's two CI lanes 60 and 70 min
     * long (README, "keep .ci/run under 60 min").
     *
     * @throws IllegalStateException when the image cannot be made (the package step's findings) or the boot fails
     */
    public static LabDroplet upWithMailPackages(String suite, String name, String... options) {
        String image = MailPackagesImage.name(suite);
        synchronized (LabDroplet.class) {
            if (run(DOWN_TIMEOUT, false, "has-image", image, "--suite", suite).exitCode != 0) {
                MailPackagesImage.make(suite, image);
            }
        }
        List<String> all = new ArrayList<>(List.of("--image", image));
        all.addAll(List.of(options));
        return up(suite, name, all.toArray(String[]::new));
    }

    /** Powers this droplet off, keeps its root filesystem as {@code image} ({@code lab/droplet save}) and removes it. */
    void saveAs(String image) {
        closed = true;
        Run run = run(Duration.ofMinutes(10), true, "save", "--name", name(), "--image", image);
        if (run.exitCode != 0) {
            run(DOWN_TIMEOUT, true, "down", "--name", name());
            throw new IllegalStateException("lab/droplet save --name " + name() + " --image " + image + " failed: " + run.stderr.strip());
        }
    }

    /** The trailing KEY=VALUE lines of {@code lab/droplet up}'s output (later lines win). */
    static Map<String, String> parse(String stdout) {
        Map<String, String> env = new LinkedHashMap<>();
        for (String line : stdout.split("\n")) {
            Matcher m = KEY_VALUE.matcher(line.strip());
            if (m.matches()) {
                env.put(m.group(1), m.group(2));
            }
        }
        return env;
    }

    public String name() { return env.get("NAME"); }
    public String suite() { return env.get("SUITE"); }
    public String host() { return env.get("HOST"); }
    public String gateway() { return env.get("GATEWAY"); }
    /** The droplet's IPv6 address on eth0 ({@code up --ipv6}), empty without. */
    public String host6() { return env.getOrDefault("HOST6", ""); }
    /** The host end's IPv6 address in the droplet's /64 ({@code up --ipv6}), empty without. */
    public String gateway6() { return env.getOrDefault("GATEWAY6", ""); }
    public int sshPort() { return Integer.parseInt(env.get("SSH_PORT")); }
    public String rootPassword() { return env.get("ROOT_PASSWORD"); }
    public String adminUser() { return env.get("ADMIN_USER"); }
    public String adminPassword() { return env.get("ADMIN_PASSWORD"); }
    public Path sshKey() { return Path.of(env.get("SSH_KEY")); }
    /** The droplet's ed25519 host key fingerprint, as {@code ssh-keygen -lf} prints it ({@code SHA256:...}). */
    public String hostKeySha256() { return env.get("HOST_KEY_SHA256"); }
    public InetSocketAddress dnsServer() {
        String dns = env.get("DNS");
        int colon = dns.lastIndexOf(':');
        return new InetSocketAddress(dns.substring(0, colon), Integer.parseInt(dns.substring(colon + 1)));
    }
    public URI acmeDirectory() { return URI.create(env.get("ACME_DIR")); }
    /** CA of pebble's HTTPS endpoint (trust it to talk to {@link #acmeDirectory()}). */
    public Path acmeCa() { return Path.of(env.get("ACME_CA")); }
    /** Pebble's issuing root (certificates it issues chain to it); regenerated per droplet. */
    public Path acmeRoot() { return Path.of(env.get("ACME_ROOT")); }
    public String domain() { return env.get("DOMAIN"); }
    public String mailHost() { return env.get("MAIL_HOST"); }
    /** Every KEY=VALUE line {@code lab/droplet up} (and the last reboot) printed, timings included. */
    public Map<String, String> env() { return env; }

    /** Runs argv as root inside the droplet (nsenter, no ssh). */
    public ExecResult exec(String... argv) {
        return exec(EXEC_TIMEOUT, argv);
    }

    public ExecResult exec(Duration timeout, String... argv) {
        List<String> args = new ArrayList<>(List.of("exec", "--name", name(), "--"));
        args.addAll(List.of(argv));
        Run run = run(timeout, false, args.toArray(String[]::new));
        return new ExecResult(run.exitCode, run.stdout, run.stderr);
    }

    /** Adds or replaces the TXT record of fqdn on the droplet's DNS server (long values split in strings). */
    public void addTxt(String fqdn, String value) {
        Run run = run(DNS_TIMEOUT, true, "dns", "--name", name(), "--txt", fqdn, value);
        if (run.exitCode != 0) {
            throw new IllegalStateException("lab/droplet dns --txt " + fqdn + " failed: " + run.stderr.strip());
        }
    }

    /**
     * Makes {@code domain} another mail domain in the droplet's DNS: MX {@code mx.DOMAIN}, whose A record is {@code ipv4}
     * (the gateway, where a test can listen: the droplet reaches nothing else). Also IPv6, or several addresses separated
     * by commas (an A or AAAA record each: {@code gateway() + "," + gateway6()}).
     */
    public void addMx(String domain, String ipv4) {
        Run run = run(DNS_TIMEOUT, true, "dns", "--name", name(), "--mx", domain, ipv4);
        if (run.exitCode != 0) {
            throw new IllegalStateException("lab/droplet dns --mx " + domain + " failed: " + run.stderr.strip());
        }
    }

    /** Adds (or replaces) an A record {@code fqdn} -> {@code ipv4} in the droplet's DNS. */
    public void addA(String fqdn, String ipv4) {
        Run run = run(DNS_TIMEOUT, true, "dns", "--name", name(), "--a", fqdn, ipv4);
        if (run.exitCode != 0) {
            throw new IllegalStateException("lab/droplet dns --a " + fqdn + " failed: " + run.stderr.strip());
        }
    }

    /**
     * Sends the droplet's DNS questions for {@code fqdn} and below to {@code address}:{@code port} (a test's own BIND on
     * the gateway), so that name is answered there while the rest of the lab's DNS stays as it is.
     */
    public void forwardDns(String fqdn, String address, int port) {
        Run run = run(DNS_TIMEOUT, true, "dns", "--name", name(), "--forward", fqdn, address + "#" + port);
        if (run.exitCode != 0) {
            throw new IllegalStateException("lab/droplet dns --forward " + fqdn + " failed: " + run.stderr.strip());
        }
    }

    /**
     * Joins this droplet and {@code other} directly ({@code lab/droplet link}): each then reaches the other's
     * {@link #host()} over a private /30, as two servers of one provider do. Undone when either goes down.
     */
    public void link(LabDroplet other) {
        Run run = run(DNS_TIMEOUT, true, "link", "--name", name(), "--to", other.name());
        if (run.exitCode != 0) {
            throw new IllegalStateException("lab/droplet link " + name() + " " + other.name() + " failed: " + run.stderr.strip());
        }
    }

    /** Stops (false) or restarts (true) the droplet's ACME server; a restarted one has a new issuing root. */
    public void acme(boolean up) {
        Run run = run(DNS_TIMEOUT, true, "acme", "--name", name(), up ? "start" : "stop");
        if (run.exitCode != 0) {
            throw new IllegalStateException("lab/droplet acme " + (up ? "start" : "stop") + " failed: " + run.stderr.strip());
        }
    }

    /**
     * Reboots the droplet as a real server reboots ({@code lab/droplet reboot}): systemctl reboot inside, then the
     * same root directory and network booted again; returns once sshd answers on {@code sshPorts} (default: its SSH
     * port). Only services enabled in the droplet come back. Returns how long it took, shutdown included.
     */
    public Duration reboot(int... sshPorts) {
        List<String> args = new ArrayList<>(List.of("reboot", "--name", name()));
        for (int port : sshPorts) {
            args.addAll(List.of("--ssh-port", Integer.toString(port)));
        }
        Run run = run(REBOOT_TIMEOUT, true, args.toArray(String[]::new));
        if (run.exitCode != 0) {
            throw new IllegalStateException("lab/droplet reboot --name " + name() + " failed with exit code " + run.exitCode
                    + ": " + run.stderr.strip());
        }
        Map<String, String> after = new LinkedHashMap<>(env);
        after.putAll(parse(run.stdout));
        env = Map.copyOf(after);
        return Duration.ofMillis(Math.round(Double.parseDouble(env.get("REBOOT_SECONDS")) * 1000));
    }

    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        Run run = run(DOWN_TIMEOUT, true, "down", "--name", name());
        if (run.exitCode != 0) {
            throw new IllegalStateException("lab/droplet down --name " + name() + " failed: " + run.stderr.strip());
        }
    }

    @Override
    public String toString() {
        return "LabDroplet[" + name() + " " + suite() + " " + host() + "]";
    }

    /** Exit code and output of a command run in the droplet. */
    public record ExecResult(int exitCode, String output, String errors) {
        public boolean ok() {
            return exitCode == 0;
        }
    }

    // ------------------------------------------------------------------ running lab/droplet

    static Path script() {
        return Path.of(System.getProperty("lab.dir", "lab")).resolve("droplet").toAbsolutePath();
    }

    private record Run(int exitCode, String stdout, String stderr) {}

    /** Runs lab/droplet; with echo, its stdout and stderr are streamed to our stderr as they come. */
    private static Run run(Duration timeout, boolean echo, String... args) {
        List<String> command = new ArrayList<>();
        command.add(script().toString());
        command.addAll(List.of(args));
        Process p;
        try {
            p = new ProcessBuilder(command).redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot run " + command, e);
        }
        Pump out = new Pump(p.getInputStream(), echo);
        Pump err = new Pump(p.getErrorStream(), echo);
        out.start();
        err.start();
        try {
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.descendants().forEach(ProcessHandle::destroy);
                p.destroy();
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly();
                }
                throw new IllegalStateException("timed out after " + timeout + ": " + String.join(" ", command));
            }
            // the script's daemons write to their own logs, so the pipes close when it exits
            out.join(TimeUnit.SECONDS.toMillis(30));
            err.join(TimeUnit.SECONDS.toMillis(30));
        } catch (InterruptedException e) {
            p.descendants().forEach(ProcessHandle::destroy);
            p.destroy();
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted: " + String.join(" ", command), e);
        }
        return new Run(p.exitValue(), out.text(), err.text());
    }

    private static final class Pump extends Thread {
        private final InputStream in;
        private final boolean echo;
        private final ByteArrayOutputStream buffer = new ByteArrayOutputStream();

        Pump(InputStream in, boolean echo) {
            this.in = in;
            this.echo = echo;
            setDaemon(true);
            setName("lab-droplet-output");
        }

        @Override
        public void run() {
            byte[] chunk = new byte[8192];
            try (in) {
                int n;
                while ((n = in.read(chunk)) > 0) {
                    synchronized (buffer) {
                        buffer.write(chunk, 0, n);
                    }
                    if (echo) {
                        System.err.write(chunk, 0, n);
                        System.err.flush();
                    }
                }
            } catch (IOException e) {
                // process gone
            }
        }

        String text() {
            synchronized (buffer) {
                return buffer.toString(StandardCharsets.UTF_8);
            }
        }
    }
}
