package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.mailwright.accounts.DkimKeyGenerator;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.CommandChange;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.render.MailLayout;
import org.mailwright.remote.Command;
import org.mailwright.remote.Shell;

/**
 * A DKIM signing key per domain the server serves (the spec's, and any added on the server with {@code domains add}),
 * made on this machine and kept on the server readable by rspamd only. An existing key is never replaced: its public half is already in DNS, and a new key would break signatures until DNS changed.
 */
public final class Dkim implements Step, Packages.PackageHooks {
    private final ServerSpec spec;

    public Dkim(ServerSpec spec) {
        this.spec = spec;
    }

    @Override
    public String id() {
        return "dkim";
    }

    @Override
    public String title() {
        return "DKIM signing keys";
    }

    private String keyPath(String domain) {
        return MailLayout.dkimKey(domain, spec.dkim().selector());
    }

    @Override
    public Plan plan(StepContext ctx) {
        List<Change> changes = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        List<String> domains = ServerAccounts.of(ctx, spec).domains();
        List<String> paths = new ArrayList<>();
        paths.add(MailLayout.DKIM_DIR);
        domains.forEach(d -> paths.add(keyPath(d)));
        Map<String, String> state = owners(ctx, paths);
        // _rspamd exists only once rspamd is installed; in a plan before that, the key will be made then
        if (!state.getOrDefault(MailLayout.DKIM_DIR, "").equals("root _rspamd 750")) {
            changes.add(new CommandChange("create " + MailLayout.DKIM_DIR + " readable by rspamd",
                    Command.of("install", "-d", "-o", "root", "-g", "_rspamd", "-m", "0750", MailLayout.DKIM_DIR)));
        }
        // RSA key generation is the slow part (0.1-0.5 s a 2048-bit key, a second on a busy machine): keys made while
        // apt worked are taken first, and the rest are made on every core, not one
        Map<String, DkimKeyGenerator.DkimKey> made = new LinkedHashMap<>();
        List<String> keyless = keyless(domains, state);
        Map<String, DkimKeyGenerator.DkimKey> early = ctx.facts().get(EarlyKeys.class).map(EarlyKeys::join).orElse(Map.of());
        keyless.stream().filter(early::containsKey).forEach(d -> made.put(d, early.get(d)));
        keyless.stream().filter(d -> !made.containsKey(d)).toList().parallelStream()
                .map(d -> Map.entry(d, DkimKeyGenerator.generate(spec.dkim().bits()))).toList()
                .forEach(e -> made.put(e.getKey(), e.getValue()));
        for (String domain : domains) {
            String path = keyPath(domain);
            String now = state.getOrDefault(path, "");
            if (now.isEmpty()) {
                changes.add(new FileChange(path, Optional.empty(), made.get(domain).privatePem(), 0440, "root", "_rspamd", true));
                notes.add("a new " + spec.dkim().bits() + "-bit key for " + domain + ": publish its DNS record afterwards");
            } else if (!now.equals("root _rspamd 440")) {
                changes.add(new CommandChange("make " + path + " readable by rspamd only",
                        Command.script("chown root:_rspamd " + Shell.quote(path) + " && chmod 0440 " + Shell.quote(path))));
            }
        }
        return new Plan(id(), title(), changes, notes);
    }

    /** Keys for keyless domains, made on this computer while apt works (a fact of the run); each is used once. */
    record EarlyKeys(java.util.concurrent.CompletableFuture<Map<String, DkimKeyGenerator.DkimKey>> keys) {
        /** The keys by domain, once made; a failure to make them (a bug) is thrown as it was. */
        Map<String, DkimKeyGenerator.DkimKey> join() {
            try {
                return keys.join();
            } catch (java.util.concurrent.CompletionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : e;
            }
        }
    }

    @Override
    public Optional<String> beforePackagesNote(List<String> missing) {
        return Optional.empty();
    }

    /**
     * Starts making a key for every domain that has none on the server (one remote command to know which), on other
     * threads of this computer, so that apt's run overlaps it: the plan of this step takes them. The issue that asked
     * for it: 50 domains must not mean 50 key generations in series while the person waits.
     */
    @Override
    public void beforePackages(StepContext ctx, List<String> packages) {
        List<String> domains = ServerAccounts.of(ctx, spec).domains();
        List<String> keyless = keyless(domains, owners(ctx, domains.stream().map(this::keyPath).toList()));
        int bits = spec.dkim().bits();
        ctx.facts().put(EarlyKeys.class, new EarlyKeys(java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            Map<String, DkimKeyGenerator.DkimKey> keys = new java.util.concurrent.ConcurrentHashMap<>();
            keyless.parallelStream().forEach(d -> keys.put(d, DkimKeyGenerator.generate(bits)));
            return Map.copyOf(keys);
        })));
    }

    /** The domains whose key is not on the server, by {@link #owners}' answer. */
    private List<String> keyless(List<String> domains, Map<String, String> owners) {
        return domains.stream().filter(d -> owners.getOrDefault(keyPath(d), "").isEmpty()).toList();
    }

    /**
     * Owner, group and octal mode ({@code "root _rspamd 440"}) of each path, "" for one that does not exist: one
     * remote command whatever the number of domains.
     */
    private static Map<String, String> owners(StepContext ctx, List<String> paths) {
        String out = ctx.run(Command.script("for f in " + Shell.join(paths)
                + "; do printf '%s\\t%s\\n' \"$f\" \"$(stat -c '%U %G %a' -- \"$f\" 2>/dev/null)\"; done")).stdout();
        Map<String, String> state = new LinkedHashMap<>();
        for (String line : out.split("\n")) {
            int tab = line.indexOf('\t');
            if (tab > 0) {
                state.put(line.substring(0, tab), line.substring(tab + 1).strip());
            }
        }
        return state;
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        // the commands first (the directory before the keys in it; the others fix existing keys), then every new key
        // in one write: fifty new domains are one round trip, not fifty uploads
        plan.changesOf(CommandChange.class).forEach(c -> ctx.run(c.command()).orThrow());
        List<FileChange> keys = plan.changesOf(FileChange.class);
        if (!keys.isEmpty()) {
            ConfigFiles.write(ctx, keys, Optional.empty(), "");
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> published = new LinkedHashMap<>();
        List<String> domains = ServerAccounts.of(ctx, spec).domains();
        Map<String, PublicHalf> halves = publicHalves(ctx, domains.stream().map(this::keyPath).toList());
        for (String domain : domains) {
            PublicHalf half = halves.getOrDefault(keyPath(domain), new PublicHalf(false, "no answer for this key"));
            if (half.ok()) {
                published.put(domain, DkimKeyGenerator.publicBase64FromPem(half.text()));
                out.add(Finding.ok("DKIM key " + domain, keyPath(domain)));
            } else {
                out.add(Finding.error("DKIM key " + domain, "the key " + keyPath(domain) + " cannot be read: " + half.text().strip(),
                        "Remove the broken key file and run apply again (a new key needs a new DNS record)."));
            }
        }
        ctx.facts().put(DkimKeys.class, new DkimKeys(published));
        return out;
    }

    /** {@code openssl pkey -pubout}'s answer for one key: the PEM public key, or openssl's error words. */
    private record PublicHalf(boolean ok, String text) {
    }

    /** Every key's public half in one remote command: fifty domains are one round trip, not fifty. */
    private static Map<String, PublicHalf> publicHalves(StepContext ctx, List<String> paths) {
        Map<String, PublicHalf> out = new LinkedHashMap<>();
        if (paths.isEmpty()) {
            return out;
        }
        String text = ctx.run(Command.script("for f in " + Shell.join(paths)
                + "; do if k=$(openssl pkey -in \"$f\" -pubout 2>&1); then printf '@@ok %s\\n' \"$f\"; else printf '@@error %s\\n' \"$f\"; fi;"
                + " printf '%s\\n' \"$k\"; done")).stdout();
        String path = null;
        boolean ok = false;
        StringBuilder body = new StringBuilder();
        for (String line : (text + "\n@@ok ").split("\n")) {
            boolean head = line.startsWith("@@ok ") || line.startsWith("@@error ");
            if (!head) {
                body.append(line).append('\n');
                continue;
            }
            if (path != null) {
                out.put(path, new PublicHalf(ok, body.toString()));
            }
            ok = line.startsWith("@@ok ");
            path = line.substring(line.indexOf(' ') + 1);
            body.setLength(0);
        }
        return out;
    }
}
