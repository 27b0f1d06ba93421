package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Plan;
import org.mailwright.remote.Command;
import org.mailwright.engine.Probe;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.facts.ServerFacts;
import org.mailwright.model.Finding;

/**
 * Reads what the server is before anything changes, and refuses what Mailwright cannot set up. The only thing it
 * changes is clearing away the temporary files of a run whose connection was cut.
 */
public final class Preflight implements Step {
    static final long MIN_DISK_KB = 2L * 1024 * 1024;
    static final long MIN_MEMORY_KB = 900L * 1024;

    @Override
    public String id() {
        return "preflight";
    }

    @Override
    public String title() {
        return "Check the server";
    }

    @Override
    public Plan plan(StepContext ctx) {
        Map<String, String> probes = new LinkedHashMap<>();
        probes.put("os", "cat /etc/os-release");
        probes.put("uid", "id -u");
        probes.put("df", "df -Pk /");
        probes.put("mem", "grep MemTotal /proc/meminfo");
        probes.put("addr", "ip -o addr show");
        probes.put("route", "ip route show default");
        probes.put("ss", "ss -Htlnp");
        probes.put("busy", "ps -eo comm= | grep -E '^(apt|apt-get|dpkg|unattended-upgr)' | sort -u");
        probes.put("leftovers", LEFTOVERS);
        Map<String, String> out = Probe.run(ctx, probes);
        ServerFacts facts = parse(out);
        ctx.facts().put(ServerFacts.class, facts);
        if (facts.release().isEmpty()) {
            throw new StepFailedException(Finding.error(title(), "The server runs " + facts.prettyName()
                    + "; Mailwright sets up Debian 12 (bookworm) and Debian 13 (trixie) only.",
                    "Reinstall the server with Debian 13 (or 12) from your provider's images, then run again."));
        }
        if (!facts.root()) {
            throw new StepFailedException(Finding.error(title(), "Commands do not run as root on the server.",
                    "Log in as root, or as a user who may use sudo."));
        }
        List<String> notes = new ArrayList<>();
        String busy = out.getOrDefault("busy", "").strip();
        if (!busy.isEmpty()) {
            notes.add("apt is busy on the server (" + busy.replace('\n', ',') + "): package installation will wait for it to finish");
        }
        List<String> leftovers = out.getOrDefault("leftovers", "").lines().map(String::strip).filter(Preflight::isLeftover).toList();
        List<Change> changes = leftovers.isEmpty() ? List.of() : List.of(new CommandChange(
                "remove what an interrupted run left behind: " + String.join(", ", leftovers),
                Command.of(concat(List.of("rm", "-rf", "--"), leftovers))));
        return new Plan(id(), title(), changes, notes);
    }

    /**
     * A connection cut while a file was being written leaves our staging directory (it may hold a key or the
     * credentials) and the temporary copy beside the target; the target itself is only ever replaced by a rename.
     */
    static final String LEFTOVERS = "find /etc /root /home -xdev -maxdepth 6 \\( -name '.*.mailwright-tmp-*' -o -name '.mailwright-upload-*' \\) -print 2>/dev/null";

    /** Only paths our own writer makes are removed, whatever find printed. */
    static boolean isLeftover(String path) {
        String name = path.substring(path.lastIndexOf('/') + 1);
        return path.startsWith("/") && !path.contains("/../") && !path.contains("\n")
                && (name.matches("\\..+\\.mailwright-tmp-[0-9a-f]+") || name.matches("\\.mailwright-upload-[A-Za-z0-9]+"));
    }

    private static List<String> concat(List<String> a, List<String> b) {
        List<String> all = new ArrayList<>(a);
        all.addAll(b);
        return all;
    }

    static ServerFacts parse(Map<String, String> out) {
        Map<String, String> os = ServerFacts.parseOsRelease(out.getOrDefault("os", ""));
        String[] df = out.getOrDefault("df", "").strip().split("\n");
        long free = 0;
        if (df.length >= 2) {
            String[] f = df[df.length - 1].trim().split("\\s+");
            free = f.length >= 4 ? Long.parseLong(f[3]) : 0;
        }
        String mem = out.getOrDefault("mem", "").replaceAll("[^0-9]", "");
        Map<String, List<String>> addrs = ServerFacts.parseAddresses(out.getOrDefault("addr", ""));
        String iface = ServerFacts.parseDefaultInterface(out.getOrDefault("route", ""))
                .filter(addrs::containsKey)
                .orElse(addrs.keySet().stream().findFirst().orElse("eth0"));
        List<String> v4 = new ArrayList<>();
        List<String> v6 = new ArrayList<>();
        for (String a : addrs.getOrDefault(iface, List.of())) {
            (a.contains(":") ? v6 : v4).add(a);
        }
        Set<Integer> ssh = ServerFacts.parseSshPorts(out.getOrDefault("ss", ""));
        return new ServerFacts(os.getOrDefault("ID", "unknown"), os.getOrDefault("VERSION_CODENAME", ""),
                os.getOrDefault("PRETTY_NAME", "an unknown system"), out.getOrDefault("uid", "").strip().equals("0"),
                free, mem.isEmpty() ? 0 : Long.parseLong(mem), iface, v4, v6, ssh);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        for (CommandChange c : plan.changesOf(CommandChange.class)) {
            ctx.say(c.why());
            ctx.run(c.command()).orThrow();
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        ServerFacts f = ctx.facts().require(ServerFacts.class);
        List<Finding> out = new ArrayList<>();
        out.add(Finding.ok("Operating system", f.prettyName()));
        out.add(f.diskFreeKb() >= MIN_DISK_KB
                ? Finding.ok("Disk space", f.diskFreeKb() / 1024 + " MiB free on /")
                : Finding.warn("Disk space", "only " + f.diskFreeKb() / 1024 + " MiB free on /",
                "Free space or grow the disk: packages and mail need at least 2 GiB."));
        out.add(f.memoryKb() >= MIN_MEMORY_KB
                ? Finding.ok("Memory", f.memoryKb() / 1024 + " MiB")
                : Finding.warn("Memory", "only " + f.memoryKb() / 1024 + " MiB of memory",
                "rspamd and redis want 1 GiB or more: pick a larger server or add swap."));
        out.add(f.ipv4().isEmpty()
                ? Finding.warn("Public address", "no global IPv4 address on " + f.publicInterface(),
                "Check the server's network settings; mail servers need a public IPv4 address.")
                : Finding.ok("Public address", f.publicInterface() + ": " + String.join(", ", f.ipv4())
                + (f.ipv6().isEmpty() ? "" : ", " + String.join(", ", f.ipv6()))));
        out.add(f.sshPorts().isEmpty()
                ? Finding.warn("SSH port", "could not tell which port sshd listens on",
                "The firewall will keep the port Mailwright is connected on open.")
                : Finding.ok("SSH port", "sshd listens on " + f.sshPorts()));
        return out;
    }
}
