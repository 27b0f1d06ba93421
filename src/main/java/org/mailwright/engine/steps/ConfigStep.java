package org.mailwright.engine.steps;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Change;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.engine.Change.ServiceAction;
import org.mailwright.engine.Change.ServiceChange;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.facts.FileState;
import org.mailwright.model.Finding;
import org.mailwright.remote.Command;

/**
 * A step that owns a set of configuration files of one service: plans the files that differ, writes them with
 * backups, validates them with the service's own checker (rolling back on failure), then restarts or reloads the
 * service only if something changed.
 */
abstract class ConfigStep implements Step {
    /**
     * Writes a systemd drop-in for the service of a package apt is about to install ({@link Packages.PackageHooks}):
     * the package's first start then runs with it, and the step that owns it, planning later, finds it as wanted and
     * needs no {@code daemon-reload} for it (0.3 to 0.4 s each in the lab). A drop-in is no package's file: dpkg
     * leaves it. Does nothing when {@code pkg} is not among {@code packages}, or the file is already as wanted.
     *
     * @param packages what apt is about to install
     * @param pkg      the package whose install starts the service
     * @param path     the drop-in, {@code /etc/systemd/system/UNIT.d/NAME.conf}
     * @param content  its text
     */
    static void writeDropInBeforePackage(StepContext ctx, List<String> packages, String pkg, String path, String content) {
        if (!packages.contains(pkg)) {
            return;
        }
        Optional<FileChange> file = ConfigFiles.plan(ctx, path, content, 0644, "root", "root", false);
        if (file.isPresent()) {
            ctx.run(Command.of("install", "-d", "-m", "0755", path.substring(0, path.lastIndexOf('/')))).orThrow();
            ConfigFiles.write(ctx, List.of(file.get()), Optional.empty(), "");
        }
    }

    /**
     * The package step's note for {@link #writeDropInBeforePackage}: said when {@code pkg} is among {@code missing}.
     *
     * @param service the service's name as the person reads it ("Dovecot")
     */
    static Optional<String> dropInBeforePackageNote(List<String> missing, String pkg, String service, String path) {
        return missing.contains(pkg)
                ? Optional.of(service + "'s unit drop-in (" + path + ") is written before its package, whose first start uses it")
                : Optional.empty();
    }


    /** A file this step wants on the server. */
    record Wanted(String path, String content, int mode, String owner, String group, boolean secret) {
        static Wanted config(String path, String content) {
            return new Wanted(path, content, 0644, "root", "root", false);
        }
    }

    protected abstract List<Wanted> files(StepContext ctx);

    /** The validator command and its name as the person knows it. */
    protected abstract Optional<Command> validator(StepContext ctx);

    protected abstract String validatorName();

    protected abstract String service();

    /** How to make the service pick up these changes. */
    protected ServiceAction actionFor(List<FileChange> changed) {
        return ServiceAction.RESTART;
    }

    /** False for a file whose differences the step reports in its own words (the mail tables, by address). */
    protected boolean checksDrift(Wanted w) {
        return true;
    }

    /** Commands that must run before the files are written (a directory to create). */
    protected List<Change.CommandChange> prepare(StepContext ctx) {
        return List.of();
    }

    @Override
    public Plan plan(StepContext ctx) {
        List<Change> changes = new ArrayList<>(prepare(ctx));
        List<FileChange> files = new ArrayList<>();
        List<Wanted> wanted = files(ctx);
        // every file in one read: a step's files cost one round trip, not two each
        List<FileState> now = FileState.readAll(ctx.host(), wanted.stream().map(Wanted::path).toList());
        for (int i = 0; i < wanted.size(); i++) {
            Wanted w = wanted.get(i);
            ConfigFiles.plan(now.get(i), w.content(), w.mode(), w.owner(), w.group(), w.secret()).ifPresent(files::add);
        }
        changes.addAll(files);
        if (!files.isEmpty()) {
            changes.add(new ServiceChange(service(), actionFor(files)));
        }
        return new Plan(id(), title(), changes, List.of());
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        for (Change.CommandChange c : plan.changesOf(Change.CommandChange.class)) {
            ctx.say(c.why());
            ctx.run(c.command()).orThrow();
        }
        List<FileChange> files = plan.changesOf(FileChange.class);
        if (!files.isEmpty()) {
            ConfigFiles.write(ctx, files, validator(ctx), validatorName());
        }
        for (ServiceChange s : plan.changesOf(ServiceChange.class)) {
            ctx.say(s.summary());
            applyService(ctx, s, files);
        }
    }

    protected void applyService(StepContext ctx, ServiceChange s, List<FileChange> files) {
        String verb = switch (s.action()) {
            case RELOAD -> "reload-or-restart";
            case RESTART -> "restart";
            case ENABLE_START -> "start";
        };
        ctx.run(Command.of("systemctl", verb, s.service())).orThrow();
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        List<Finding> out = new ArrayList<>();
        List<String> drifted = new ArrayList<>();
        List<Wanted> all = files(ctx);
        List<Wanted> wanted = all.stream().filter(this::checksDrift).toList();
        List<FileState> now = FileState.readAll(ctx.host(), wanted.stream().map(Wanted::path).toList());
        for (int i = 0; i < wanted.size(); i++) {
            Wanted w = wanted.get(i);
            if (ConfigFiles.plan(now.get(i), w.content(), w.mode(), w.owner(), w.group(), w.secret()).isPresent()) {
                drifted.add(w.path());
            }
        }
        out.add(drifted.isEmpty()
                ? Finding.ok(title(), all.size() + " files as planned")
                : Finding.error(title(), "not as planned: " + String.join(", ", drifted), "Run apply again."));
        validator(ctx).ifPresent(v -> {
            var r = ctx.run(v);
            out.add(r.ok() ? Finding.ok(validatorName(), "configuration valid")
                    : Finding.error(validatorName(), (r.stderr() + r.stdout()).strip(), "Run apply again to restore Mailwright's configuration."));
        });
        var active = ctx.run(Command.of("systemctl", "is-active", service()));
        out.add(active.ok() ? Finding.ok(service(), "running")
                : Finding.error(service(), "not running (" + active.stdout().strip() + ")",
                "See `journalctl -u " + service() + " -n 50` on the server for why it stopped."));
        return out;
    }
}
