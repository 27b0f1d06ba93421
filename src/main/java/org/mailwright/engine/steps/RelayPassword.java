package org.mailwright.engine.steps;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import org.mailwright.engine.Plan;
import org.mailwright.engine.Step;
import org.mailwright.engine.StepContext;
import org.mailwright.engine.StepFailedException;
import org.mailwright.logging.Secrets;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.ServerSpec.RelaySettings;
import org.mailwright.model.SpecValidator;
import org.mailwright.remote.LocalPaths;
import org.mailwright.render.MailLayout;
import org.mailwright.render.MailRenderer;

/**
 * The relay password, read right after preflight so that a missing or unusable password file stops the run before
 * anything is changed on the server. The password comes from {@code relay.password-file} on this computer; when that
 * file is not there and the server already has a relay login in {@link MailLayout#SECRETS}, the server's is kept (the
 * server is the truth once it exists, as for mailbox passwords) and the plan says so; with neither, the run stops.
 * The password is registered with {@link Secrets} and the transcript at once, so no log, transcript or crash report
 * shows it; {@link OpenSmtpd} writes the table as a secret file, which no plan shows.
 */
public final class RelayPassword implements Step {
    private final ServerSpec spec;

    /** @param spec a spec with a {@code relay} (the step is only added for one) */
    public RelayPassword(ServerSpec spec) {
        this.spec = spec;
    }

    /**
     * What the secrets table should hold: its whole text, and a note for the plan when the server's was kept.
     *
     * @param table the text of {@link MailLayout#SECRETS} to write
     * @param note  empty, or why the server's table is kept as it is
     */
    record Secret(String table, Optional<String> note) {
    }

    @Override
    public String id() {
        return "relay-password";
    }

    @Override
    public String title() {
        return "Read the relay password";
    }

    @Override
    public Plan plan(StepContext ctx) {
        // reads (and checks) the password now; OpenSmtpd's plan says where it came from
        of(ctx, spec).orElseThrow();
        return Plan.empty(this);
    }

    @Override
    public void apply(StepContext ctx, Plan plan) {
        // nothing to change: OpenSmtpd writes the table
    }

    @Override
    public List<Finding> verify(StepContext ctx) {
        return List.of();
    }

    /**
     * The secrets table this run writes (made once per run and kept in the facts, so a plan and its apply agree), or empty
     * when the spec has no relay.
     *
     * @throws StepFailedException when the password file is unusable, or absent while the server has no relay login
     */
    static Optional<Secret> of(StepContext ctx, ServerSpec spec) {
        if (spec.relay().isEmpty()) {
            return Optional.empty();
        }
        Optional<Secret> known = ctx.facts().get(Secret.class);
        if (known.isPresent()) {
            return known;
        }
        RelaySettings r = spec.relay().get();
        Path file = LocalPaths.SYSTEM.expandHomePath(r.passwordFile());
        Secret secret;
        Optional<String> password = readLocal(file, r.passwordFile());
        if (password.isPresent()) {
            register(ctx, password.get());
            secret = new Secret(MailRenderer.relaySecrets(r.user(), password.get()), Optional.empty());
        } else {
            Optional<String> server = ctx.host().readText(MailLayout.SECRETS);
            Optional<String> line = server.flatMap(RelayPassword::relayLine);
            if (line.isEmpty()) {
                throw new StepFailedException(Finding.error("relay", "relay.password-file " + r.passwordFile()
                                + " is not on this computer, and the server has no relay login in " + MailLayout.SECRETS + " yet",
                        "Put the relay password alone in " + r.passwordFile() + " (chmod 600), then run apply again."));
            }
            int colon = line.get().indexOf(':');
            if (colon > 0) {
                register(ctx, line.get().substring(colon + 1));
            }
            secret = new Secret(server.get(), Optional.of("relay.password-file " + r.passwordFile() + " is not on this computer:"
                    + " the relay login already on the server (" + MailLayout.SECRETS + ") is kept"));
        }
        ctx.facts().put(Secret.class, secret);
        return Optional.of(secret);
    }

    /** The file's password (one trailing line break removed), empty when there is no such file. */
    private static Optional<String> readLocal(Path file, String asWritten) {
        String text;
        try {
            text = Files.readString(file, StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return Optional.empty();
        } catch (IOException | RuntimeException e) {
            throw new StepFailedException(Finding.error("relay", "cannot read relay.password-file " + asWritten + ": "
                            + e.getClass().getSimpleName() + (e.getMessage() == null ? "" : " " + e.getMessage()),
                    "Make " + asWritten + " a readable file on this computer holding only the relay password (UTF-8)."));
        }
        String password = text.endsWith("\r\n") ? text.substring(0, text.length() - 2)
                : text.endsWith("\n") ? text.substring(0, text.length() - 1) : text;
        // register before any message could quote it
        Secrets.register(password);
        SpecValidator.relayPasswordProblem(asWritten, password).ifPresent(m -> {
            throw new StepFailedException(Finding.error("relay", m, "Fix relay.password-file, then run apply again."));
        });
        return Optional.of(password);
    }

    /** The value of the table's {@code relay} line ({@code user:password}), if it has one. */
    static Optional<String> relayLine(String table) {
        return table.lines().map(String::strip).filter(l -> l.startsWith(RelaySettings.LABEL + " ") || l.startsWith(RelaySettings.LABEL + "\t"))
                .map(l -> l.substring(RelaySettings.LABEL.length()).strip()).findFirst();
    }

    private static void register(StepContext ctx, String password) {
        Secrets.register(password);
        ctx.host().transcript().addSecret(password);
    }
}
