package org.mailwright.engine;

import java.util.List;
import java.util.Optional;
import org.mailwright.remote.Command;

/** One thing a plan will do on the server. A plan holds only changes whose effect is not there yet. */
public sealed interface Change {

    /** A line a person reads in a plan. */
    String summary();

    /**
     * A file to write. {@code before} is empty when the file does not exist yet. A {@code secret} file (a private key,
     * the credentials table) is never shown, only its size.
     */
    record FileChange(String path, Optional<String> before, String after, int mode, String owner, String group,
                      boolean secret) implements Change {
        public FileChange {
            before = before == null ? Optional.empty() : before;
        }

        public static FileChange of(String path, Optional<String> before, String after, int mode, String owner, String group) {
            return new FileChange(path, before, after, mode, owner, group, false);
        }

        /** True when only the owner or mode differ and the content is already right. */
        public boolean contentUnchanged() {
            return before.isPresent() && before.get().equals(after);
        }

        @Override
        public String summary() {
            String what = before.isEmpty() ? "create" : contentUnchanged() ? "fix owner/mode of" : "update";
            return String.format("%s %s (%04o %s:%s)", what, path, mode, owner, group);
        }

        /** A unified diff a person can review, or a size note for secrets. */
        public String diff() {
            return DiffLine.text(diffLines());
        }

        /** {@link #diff()} line by line, for a view that colours it. */
        public List<DiffLine> diffLines() {
            if (secret) {
                return List.of(DiffLine.header("--- " + path), DiffLine.header("+++ " + path),
                        DiffLine.context("(secret content, " + after.length() + " characters, not shown)"));
            }
            return TextDiff.lines(path, before.orElse(""), after, before.isEmpty());
        }
    }

    /** Packages to install with apt, in one transaction, optionally from a named release (bookworm-backports). */
    record PackageChange(List<String> packages, Optional<String> targetRelease) implements Change {
        public PackageChange {
            packages = List.copyOf(packages);
        }

        @Override
        public String summary() {
            return "install " + String.join(" ", packages) + targetRelease.map(r -> " (from " + r + ")").orElse("");
        }
    }

    /**
     * Files to copy between this computer and the server (a backup repository), named by what they are, with their
     * count and size in bytes.
     */
    record Transfer(String what, int files, long bytes) implements Change {
        @Override
        public String summary() {
            return what + ": " + org.mailwright.model.Words.count(files, "file", "files") + ", " + org.mailwright.model.Words.bytes(bytes);
        }
    }

    /** A command to run, with a sentence saying why. */
    record CommandChange(String why, Command command) implements Change {
        @Override
        public String summary() {
            return why + ": " + command.line();
        }
    }

    /**
     * A change to the server's accounts (a mailbox, its password, an alias, a domain), by address. It is made by
     * writing the mail tables, which the same plan holds as {@link FileChange}s; this says what those writes mean,
     * so that no account change hides in a table's content (the credentials table is secret and never shown).
     */
    record Account(org.mailwright.accounts.AccountChange change) implements Change {
        @Override
        public String summary() {
            return change.line();
        }
    }

    /** A service to start, restart or reload because its configuration changed. */
    record ServiceChange(String service, ServiceAction action) implements Change {
        @Override
        public String summary() {
            return action.verb + " " + service;
        }
    }

    enum ServiceAction {
        ENABLE_START("enable and start"), RESTART("restart"), RELOAD("reload");

        public final String verb;

        ServiceAction(String verb) {
            this.verb = verb;
        }
    }
}
