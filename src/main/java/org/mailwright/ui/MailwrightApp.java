package org.mailwright.ui;

import javafx.application.Application;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.mailwright.Version;

/** The desktop application. */
public final class MailwrightApp extends Application {

    public static void launchApp(String[] args) {
        Application.launch(MailwrightApp.class, args);
    }

    @Override
    public void start(Stage stage) {
        Label title = new Label("Mailwright");
        title.setStyle("-fx-font-size: 28px; -fx-font-weight: bold;");
        Label tagline = new Label("Your own mail server on a fresh Debian machine, set up step by step over SSH.");
        tagline.setWrapText(true);
        VBox root = new VBox(12, title, tagline);
        root.setAlignment(Pos.CENTER_LEFT);
        root.setPadding(new Insets(32));
        stage.setTitle("Mailwright " + Version.get());
        stage.setScene(new Scene(root, 900, 620));
        stage.show();
    }
}
