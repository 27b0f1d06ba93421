package org.mailwright.ui.wizard.restore;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.mailwright.engine.backup.RestoreRequest;
import org.mailwright.logging.Secrets;
import org.mailwright.model.ServerSpec;
import org.mailwright.model.SpecProblem;
import org.mailwright.spec.SpecException;
import org.mailwright.spec.SpecReader;
import org.mailwright.ui.wizard.PageModel;
import org.mailwright.ui.wizard.SetupDraft;
import org.mailwright.ui.wizard.install.InstallRun;

/**
 * Welcome's "Restore from a backup": the folder the backups were copied to, the spec and the password from the
 * recovery sheet, and whether to merge into a server that already has mail. Choosing a spec fills the Connect page
 * with its server, for the person to change to the new one; the Install page then runs {@link #restoreRun()}.
 */
public final class RestorePageModel extends PageModel {
    private final SetupDraft draft;
    private final ReadOnlyObjectWrapper<Path> folder = new ReadOnlyObjectWrapper<>(this, "folder");
    private final ReadOnlyStringWrapper folderProblem = new ReadOnlyStringWrapper(this, "folderProblem", "");
    private final ReadOnlyObjectWrapper<Path> specFile = new ReadOnlyObjectWrapper<>(this, "specFile");
    private final ObservableList<String> specProblems = FXCollections.observableArrayList();
    private final StringProperty password = new SimpleStringProperty(this, "password", "");
    private final BooleanProperty merge = new SimpleBooleanProperty(this, "merge", false);
    /** The restore of the current choices; another folder, spec or merge choice makes another (the Install page runs it anew). */
    private InstallRun run;

    /** The page over the wizard's shared draft, which receives the spec read and its server. */
    public RestorePageModel(SetupDraft draft) {
        this.draft = draft;
        revalidateOn(folder, folderProblem, draft.restoredSpec, password);
        specProblems.addListener((javafx.collections.ListChangeListener<String>) c -> revalidate());
        for (javafx.beans.Observable o : new javafx.beans.Observable[]{folder, draft.restoredSpec, merge}) {
            o.addListener(x -> run = null);
        }
    }

    @Override
    public String id() {
        return "restore";
    }

    @Override
    public String title() {
        return "Backup";
    }

    @Override
    public String subtitle() {
        return "Put a backup onto a new server: its mail, mailboxes and passwords, aliases and DKIM key. "
                + "You need the backup folder and the recovery sheet.";
    }

    @Override
    protected Optional<String> validate() {
        if (folder.get() == null) {
            return Optional.of("Choose the folder that holds the backup.");
        }
        if (!folderProblem.get().isEmpty()) {
            return Optional.of("That folder is not a backup: choose another.");
        }
        if (specFile.get() == null) {
            return Optional.of("Choose the spec saved from the recovery sheet.");
        }
        if (!specProblems.isEmpty() || draft.restoredSpec.get() == null) {
            return Optional.of("The spec has problems: see above.");
        }
        if (password.get() == null || password.get().isEmpty()) {
            return Optional.of("Type the backup password from the recovery sheet.");
        }
        return Optional.empty();
    }

    // Commands

    /**
     * Takes {@code dir} as the backup folder and checks that it holds a backup: restic's {@code config} file and its
     * {@code keys} folder, as the backups copied to this computer do. What is wrong shows in {@link #folderProblemProperty()}.
     */
    public void chooseFolder(Path dir) {
        folder.set(dir);
        folderProblem.set(backupFolderProblem(dir).orElse(""));
    }

    /** Why {@code dir} is not a backup folder, or empty when it is one. Reads only whether two entries exist. */
    public static Optional<String> backupFolderProblem(Path dir) {
        if (!Files.isDirectory(dir)) {
            return Optional.of(dir + " is not a folder.");
        }
        boolean config = Files.isRegularFile(dir.resolve("config"));
        boolean keys = Files.isDirectory(dir.resolve("keys"));
        if (config && keys) {
            return Optional.empty();
        }
        String missing = !config && !keys ? "neither a config file nor a keys folder" : !config ? "no config file" : "no keys folder";
        return Optional.of("This folder is not a backup: it has " + missing + ". Choose the folder the backups were copied to"
                + " (it holds config, data, index, keys and snapshots).");
    }

    /**
     * Reads {@code file} as a spec. A good one becomes the draft's {@link SetupDraft#restoredSpec} and fills the
     * Connect page with its server (host, port, user, key file) and the names with its domains; every problem of a bad
     * one is listed in {@link #specProblems()} by its key.
     */
    public void chooseSpec(Path file) {
        specFile.set(file);
        ServerSpec spec;
        try {
            spec = SpecReader.read(Files.readString(file));
        } catch (SpecException e) {
            specProblems.setAll(e.problems().stream().map(SpecProblem::toString).toList());
            draft.restoredSpec.set(null);
            return;
        } catch (IOException | RuntimeException e) {
            specProblems.setAll(List.of("Cannot read " + file + ": " + (e.getMessage() == null ? e.toString() : e.getMessage())));
            draft.restoredSpec.set(null);
            return;
        }
        specProblems.clear();
        draft.restoredSpec.set(spec);
        ServerSpec.ServerAccess server = spec.server();
        draft.host.set(server.host());
        draft.port.set(Integer.toString(server.port()));
        draft.user.set(server.user());
        draft.useKey.set(server.identity().isPresent());
        draft.keyPath.set(server.identity().orElse(""));
        draft.hostname.set(spec.hostname());
        draft.domains.set(String.join(", ", spec.domains()));
    }

    /**
     * The restore the Install page runs: the draft's spec (the one read here, reaching the server of the Connect page),
     * this folder, the latest snapshot, the merge choice and a copy of the password, which is wiped when the run ends
     * (the field keeps it for Retry until {@link #forgetPassword()}). The same object until the folder, the spec or
     * the merge choice changes.
     */
    public InstallRun restoreRun() {
        if (run == null) {
            run = newRun();
        }
        return run;
    }

    private InstallRun newRun() {
        return new InstallRun() {
            @Override
            public String title() {
                return "Restore";
            }

            @Override
            public String subtitle() {
                return "Mailwright is setting up the new server and putting the backup onto it. This takes a while: "
                        + "the mail is copied from this computer.";
            }

            @Override
            public String running() {
                return "Restoring...";
            }

            @Override
            public String finished() {
                return "Restored";
            }

            @Override
            public Job prepare() {
                ServerSpec spec = draft.toSpec();
                char[] secret = password.get().toCharArray();
                Secrets.register(secret); // restic's errors and the transcript never show it
                RestoreRequest request = new RestoreRequest(folder.get(), Optional.empty(), merge.get(), secret);
                return (session, listener, cancel) -> {
                    try {
                        return session.restore(spec, request, listener, cancel);
                    } finally {
                        request.wipe();
                    }
                };
            }
        };
    }

    /** Clears the password field: called once the restore went through, so the window keeps it no longer than needed. */
    public void forgetPassword() {
        password.set("");
    }

    // Properties

    /** The backup folder chosen; null before. */
    public ReadOnlyObjectProperty<Path> folderProperty() {
        return folder.getReadOnlyProperty();
    }

    /** Why the folder chosen is not a backup; empty when it is one or none is chosen. */
    public ReadOnlyStringProperty folderProblemProperty() {
        return folderProblem.getReadOnlyProperty();
    }

    /** The spec file chosen; null before. */
    public ReadOnlyObjectProperty<Path> specFileProperty() {
        return specFile.getReadOnlyProperty();
    }

    /** The spec file's problems, each "key: what is wrong"; empty when it was read (or none is chosen). */
    public ObservableList<String> specProblems() {
        return FXCollections.unmodifiableObservableList(specProblems);
    }

    /** The spec read, null before a good one is chosen. */
    public ServerSpec spec() {
        return draft.restoredSpec.get();
    }

    /** The backup password from the recovery sheet, as typed. */
    public StringProperty passwordProperty() {
        return password;
    }

    /** Add the backup to a server that already has mail instead of refusing it; off by default. */
    public BooleanProperty mergeProperty() {
        return merge;
    }

    /** The draft the page fills. */
    public SetupDraft draft() {
        return draft;
    }
}
