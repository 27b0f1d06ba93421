package org.mailwright.engine;

import org.mailwright.model.Finding;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.HashSet;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.mailwright.engine.Change.FileChange;
import org.mailwright.facts.FileState;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.RemoteException;
import org.mailwright.remote.RemoteHost;

/**
 * Plans and writes configuration files the safe way: only what differs, each replaced file backed up first, written
 * atomically, then validated as a group; if the validator fails every file is put back as it was and the service
 * never sees the broken config.
 */
public final class ConfigFiles {
    private ConfigFiles() {
    }

    /** A change for {@code path} when its content, mode or owner differ from what is wanted; empty when it is right. */
    public static Optional<FileChange> plan(StepContext ctx, String path, String content, int mode, String owner,
                                            String group, boolean secret) {
        return plan(FileState.read(ctx.host(), path), content, mode, owner, group, secret);
    }

    /** {@link #plan(StepContext, String, String, int, String, String, boolean)} for a file already read ({@link FileState#readAll}). */
    public static Optional<FileChange> plan(FileState now, String content, int mode, String owner, String group, boolean secret) {
        String path = now.path();
        if (now.exists() && now.content().get().equals(content) && now.mode() == mode
                && now.owner().equals(owner) && now.group().equals(group)) {
            return Optional.empty();
        }
        return Optional.of(new FileChange(path, now.content(), content, mode, owner, group, secret));
    }

    /**
     * Writes the files, then runs the validator (if any). On a failed validation the files are restored from their
     * backups (new files removed) and a {@link StepFailedException} carries the validator's own words.
     *
     * @param validatorName how the person knows the validator ({@code smtpd -n})
     */
    public static void write(StepContext ctx, List<FileChange> files, Optional<Command> validator, String validatorName) {
        Map<FileChange, Optional<String>> backups = new LinkedHashMap<>();
        for (FileChange f : files) {
            ctx.cancel().check();
            Optional<String> copy = f.before().isPresent() ? ctx.host().backup(f.path()) : Optional.empty();
            // the file may hold someone's own edits: say where they are now, not only in the transcript
            copy.filter(c -> !f.contentUnchanged()).ifPresent(c -> ctx.say("kept the previous " + f.path() + " as " + c));
            backups.put(f, copy);
        }
        ctx.cancel().check();
        try {
            // all in one round trip where the host can (fifty DKIM keys are one command, not fifty uploads)
            ctx.host().uploadAtomic(files.stream().map(f -> new RemoteHost.Upload(f.path(), f.after().getBytes(StandardCharsets.UTF_8),
                    f.mode(), f.owner(), f.group())).toList());
        } catch (RemoteException e) {
            // the files before the failed one were written, the rest not: putting back the old content of all of them
            // (or removing a new one) is right for both
            restore(ctx, files, backups);
            throw e;
        }
        if (validator.isEmpty()) {
            return;
        }
        CommandResult check = ctx.run(validator.get());
        if (!check.ok()) {
            restore(ctx, files, backups);
            String words = (check.stderr() + "\n" + check.stdout()).strip();
            throw new StepFailedException(Finding.error(validatorName,
                    validatorName + " rejected the new configuration, so it was rolled back and the service keeps its old one: " + words
                            + offendingLines(words, files),
                    "This is a Mailwright bug or an unexpected server setup; report it with the saved transcript."));
        }
    }

    /** smtpd ("/etc/smtpd.conf:12: ..."), doveconf ("... /etc/dovecot/dovecot.conf line 12: ...") and rspamadm name a line. */
    private static final Pattern FILE_LINE = Pattern.compile("(/[\\w./@+-]+)(?::| line )(\\d+)");

    /** The lines the validator points at, quoted from what we tried to write, so the person sees the culprit. */
    static String offendingLines(String words, List<FileChange> files) {
        StringBuilder out = new StringBuilder();
        Set<String> seen = new HashSet<>();
        Matcher m = FILE_LINE.matcher(words);
        while (m.find()) {
            String path = m.group(1);
            int n = Integer.parseInt(m.group(2));
            for (FileChange f : files) {
                if (f.path().equals(path) && seen.add(path + ":" + n)) {
                    List<String> lines = f.after().lines().toList();
                    if (n >= 1 && n <= lines.size()) {
                        out.append(" (").append(path).append(" line ").append(n).append(": \"").append(f.secret() ? "…" : lines.get(n - 1).strip())
                                .append("\")");
                    }
                }
            }
        }
        return out.toString();
    }

    private static void restore(StepContext ctx, List<FileChange> written, Map<FileChange, Optional<String>> backups) {
        for (FileChange f : written) {
            Optional<String> backup = backups.get(f);
            Command undo = backup.isPresent()
                    ? Command.of("cp", "-p", "--", backup.get(), f.path())
                    : Command.of("rm", "-f", "--", f.path());
            ctx.host().exec(undo).orThrow();
        }
        ctx.host().transcript().note("restored " + written.size() + " file(s) after a failed validation");
    }
}
