package org.mailwright.ui;

import javafx.geometry.Pos;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Dialog;
import javafx.scene.control.Label;
import javafx.scene.image.ImageView;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mailwright.Version;

/** Help > About: which Mailwright this is and what it runs on, for bug reports. */
public final class AboutDialog {
    /** No licence has been chosen for Mailwright yet; say so rather than guess. */
    static final String LICENCE = "Licence: not chosen yet (all rights reserved until it is)";

    private AboutDialog() {
    }

    public static String javaLine() {
        return "Java " + System.getProperty("java.runtime.version", System.getProperty("java.version"))
                + " (" + System.getProperty("java.vendor", "unknown vendor") + ")";
    }

    public static String javafxLine() {
        // set by JavaFX itself when the toolkit starts
        return "JavaFX " + System.getProperty("javafx.runtime.version", System.getProperty("javafx.version", "unknown"));
    }

    /** Shows the dialog over {@code owner} and waits until it is closed. */
    public static void show(Window owner) {
        Dialog<Void> dialog = new Dialog<>();
        dialog.initOwner(owner);
        dialog.setTitle("About Mailwright");
        Label name = new Label("Mailwright");
        name.getStyleClass().add("about-name");
        Label version = new Label("Version " + Version.get());
        version.setId("about-version");
        Label tagline = new Label("Sets up and keeps a personal mail server on Debian, over SSH.");
        tagline.getStyleClass().add("hint");
        Label runtime = new Label(javaLine() + "\n" + javafxLine());
        runtime.setId("about-runtime");
        runtime.getStyleClass().add("mono");
        Label licence = new Label(LICENCE);
        licence.getStyleClass().add("hint");
        VBox text = new VBox(6, name, version, tagline, runtime, licence);
        ImageView icon = new ImageView(AppIcons.of(64));
        HBox box = new HBox(20, icon, text);
        box.setAlignment(Pos.TOP_LEFT);
        box.getStyleClass().add("about");
        dialog.getDialogPane().setContent(box);
        dialog.getDialogPane().getButtonTypes().add(ButtonType.CLOSE);
        dialog.getDialogPane().getStylesheets().add(org.mailwright.ui.wizard.Ui.stylesheet());
        if (dialog.getDialogPane().getScene().getWindow() instanceof Stage s) {
            AppIcons.setOn(s);
        }
        dialog.showAndWait();
    }
}
