package org.mailwright.engine.backup;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.regex.Pattern;
import org.mailwright.engine.Change;
import org.mailwright.engine.ConfigFiles;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.logging.Secrets;
import org.mailwright.model.Finding;
import org.mailwright.remote.Shell;
import org.mailwright.render.MailLayout;

/**
 * The credentials restic needs for the offsite repository ({@code AWS_ACCESS_KEY_ID}, {@code AWS_SECRET_ACCESS_KEY},
 * {@code B2_ACCOUNT_ID}, {@code RESTIC_REST_USERNAME}...; restic manual, "Preparing a new repository"), written to
 * {@link BackupLayout#OFFSITE_ENV} (0600 root), which the backup script sources before {@code restic copy}. They come
 * from {@code mailwright backup --offsite-env-stdin}, never from the spec, and are never shown: the file is secret in
 * the plan and every value is masked in logs and transcripts.
 */
public final class OffsiteCredentials implements Step {
    /** An environment variable name as POSIX sh accepts it. */
    static final Pattern NAME = Pattern.compile("[A-Z_][A-Z0-9_]*");

    private final Map<String, String> env;

    /** @param env variable names to values; see {@link #parse} */
    public OffsiteCredentials(Map<String, String> env) {
        this.env = new TreeMap<>(env);
        this.env.values().forEach(Secrets::register);
    }

    /**
     * Reads {@code KEY=VALUE} lines (blank lines and {@code #} comments skipped; the value is everything after the first
     * {@code =}, unquoted).
     *
     * @throws IllegalArgumentException naming the line number when a line is not KEY=VALUE with an upper-case name
     */
    public static Map<String, String> parse(String text) {
        Map<String, String> out = new TreeMap<>();
        List<String> lines = text.lines().toList();
        for (int i = 0; i < lines.size(); i++) {
            String l = lines.get(i).strip();
            if (l.isEmpty() || l.startsWith("#")) {
                continue;
            }
            int eq = l.indexOf('=');
            if (eq <= 0 || !NAME.matcher(l.substring(0, eq)).matches()) {
                throw new IllegalArgumentException("line " + (i + 1) + " is not KEY=VALUE with an upper-case name such as AWS_ACCESS_KEY_ID=...");
            }
            out.put(l.substring(0, eq), l.substring(eq + 1));
        }
        if (out.isEmpty()) {
            throw new IllegalArgumentException("no KEY=VALUE lines");
        }
        return out;
    }

    @Override
    public String id() {
        return "offsite-credentials";
    }

    @Override
    public String title() {
        return "Offsite credentials";
    }

    private String content() {
        StringBuilder b = new StringBuilder("# " + MailLayout.HEADER + "\n# Credentials of the offsite repository, sourced by " + BackupLayout.SCRIPT + ".\n");
        env.forEach((k, v) -> b.append(k).append('=').append(Shell.quote(v)).append('\n'));
        return b.toString();
    }

    @Override
    public Plan plan(StepContext ctx) {
        List<Change> changes = ConfigFiles.plan(ctx, BackupLayout.OFFSITE_ENV, content(), 0600, "root", "root", true)
                .<List<Change>>map(List::of).orElse(List.of());
        return new Plan(id(), title(), changes, List.of());
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        ConfigFiles.write(ctx, plan.changesOf(Change.FileChange.class), Optional.empty(), "");
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        return List.of(Finding.ok(title(), String.join(", ", env.keySet()) + " in " + BackupLayout.OFFSITE_ENV + " (root only)"));
    }
}
