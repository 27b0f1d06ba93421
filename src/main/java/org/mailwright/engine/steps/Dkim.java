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

/**
 * A DKIM signing key per domain the server serves (the spec's, and any added on the server with {@code domains add}),
 * made on this machine and kept on the server readable by rspamd only. An existing key is never replaced: its public half is already in DNS, and a new key would break signatures until DNS changed.
 */
public final class Dkim implements Step {
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
        // _rspamd exists only once rspamd is installed; in a plan before that, the key will be made then
        String dir = ctx.run(Command.script("stat -c '%U %G %a' " + MailLayout.DKIM_DIR + " 2>/dev/null || true")).stdout().strip();
        if (!dir.equals("root _rspamd 750")) {
            changes.add(new CommandChange("create " + MailLayout.DKIM_DIR + " readable by rspamd",
                    Command.of("install", "-d", "-o", "root", "-g", "_rspamd", "-m", "0750", MailLayout.DKIM_DIR)));
        }
        for (String domain : ServerAccounts.of(ctx, spec).domains()) {
            String path = keyPath(domain);
            String state = ctx.run(Command.script("stat -c '%U %G %a' " + org.mailwright.remote.Shell.quote(path) + " 2>/dev/null || true")).stdout().strip();
            if (state.isEmpty()) {
                DkimKeyGenerator.DkimKey key = DkimKeyGenerator.generate(spec.dkim().bits());
                changes.add(new FileChange(path, Optional.empty(), key.privatePem(), 0440, "root", "_rspamd", true));
                notes.add("a new " + spec.dkim().bits() + "-bit key for " + domain + ": publish its DNS record afterwards");
            } else if (!state.equals("root _rspamd 440")) {
                changes.add(new CommandChange("make " + path + " readable by rspamd only",
                        Command.script("chown root:_rspamd " + org.mailwright.remote.Shell.quote(path) + " && chmod 0440 " + org.mailwright.remote.Shell.quote(path))));
            }
        }
        return new Plan(id(), title(), changes, notes);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        // in plan order: the directory before the keys in it
        for (Change c : plan.changes()) {
            if (c instanceof CommandChange cc) {
                ctx.run(cc.command()).orThrow();
            } else if (c instanceof FileChange f) {
                ConfigFiles.write(ctx, List.of(f), Optional.empty(), "");
            }
        }
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        List<Finding> out = new ArrayList<>();
        Map<String, String> published = new LinkedHashMap<>();
        for (String domain : ServerAccounts.of(ctx, spec).domains()) {
            var r = ctx.run(Command.of("openssl", "pkey", "-in", keyPath(domain), "-pubout"));
            if (r.ok()) {
                published.put(domain, DkimKeyGenerator.publicBase64FromPem(r.stdout()));
                out.add(Finding.ok("DKIM key " + domain, keyPath(domain)));
            } else {
                out.add(Finding.error("DKIM key " + domain, "the key " + keyPath(domain) + " cannot be read: " + r.stderr().strip(),
                        "Remove the broken key file and run apply again (a new key needs a new DNS record)."));
            }
        }
        ctx.facts().put(DkimKeys.class, new DkimKeys(published));
        return out;
    }
}
