package org.mailwright.ui.wizard;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/**
 * The file and folder dialogs the pages open, behind one interface: the system's dialogs in the window
 * ({@link #SYSTEM}), answers given in advance in UI tests and screenshots (a headless robot cannot drive a native
 * dialog). Every method is called on the UI thread and blocks until the person answers.
 */
public interface Choosers {

    /**
     * Asks where to save a file.
     *
     * @param owner       the window the dialog belongs to (null: none)
     * @param title       the dialog's title
     * @param initialName the file name offered
     * @return the file chosen, or empty when the person cancelled
     */
    Optional<Path> saveFile(Window owner, String title, String initialName);

    /**
     * Asks for a file to open.
     *
     * @param owner       the window the dialog belongs to (null: none)
     * @param title       the dialog's title
     * @param description what the files are, for the filter ("Spec (YAML)")
     * @param patterns    the filter's patterns ("*.yaml"); none: every file
     * @return the file chosen, or empty when the person cancelled
     */
    Optional<Path> openFile(Window owner, String title, String description, String... patterns);

    /**
     * Asks for a folder.
     *
     * @return the folder chosen, or empty when the person cancelled
     */
    Optional<Path> folder(Window owner, String title);

    /** JavaFX's FileChooser and DirectoryChooser. */
    Choosers SYSTEM = new Choosers() {
        @Override
        public Optional<Path> saveFile(Window owner, String title, String initialName) {
            FileChooser fc = new FileChooser();
            fc.setTitle(title);
            fc.setInitialFileName(initialName);
            return path(fc.showSaveDialog(owner));
        }

        @Override
        public Optional<Path> openFile(Window owner, String title, String description, String... patterns) {
            FileChooser fc = new FileChooser();
            fc.setTitle(title);
            if (patterns.length > 0) {
                fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter(description, patterns),
                        new FileChooser.ExtensionFilter("All files", "*"));
            }
            return path(fc.showOpenDialog(owner));
        }

        @Override
        public Optional<Path> folder(Window owner, String title) {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle(title);
            return path(dc.showDialog(owner));
        }

        private Optional<Path> path(File f) {
            return Optional.ofNullable(f).map(File::toPath);
        }
    };
}
