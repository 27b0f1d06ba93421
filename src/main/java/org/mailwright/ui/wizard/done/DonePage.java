package org.mailwright.ui.wizard.done;

import java.io.File;
import java.io.IOException;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class DonePage extends LazyPage<DonePageModel> {
    private final ManageUsers users;

    /** @param users opens the users window for "Manage users..." */
    public DonePage(DonePageModel model, ManageUsers users) {
        super(model);
        this.users = users;
    }

    @Override
    protected Node build() {
        VBox clients = new VBox(16);
        clients.setId("client-settings");
        Runnable fill = () -> {
            clients.getChildren().clear();
            for (DonePageModel.ClientSettings c : model.clients()) {
                clients.getChildren().add(card(c));
            }
        };
        model.clients().addListener((javafx.collections.ListChangeListener<DonePageModel.ClientSettings>) c -> fill.run());
        fill.run();

        Button transcript = new Button("Save transcript...");
        transcript.setId("save-transcript");
        transcript.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Save transcript");
            fc.setInitialFileName("mailwright-transcript.txt");
            File f = fc.showSaveDialog(transcript.getScene().getWindow());
            if (f != null) {
                try {
                    model.saveTranscript(f.toPath());
                } catch (IOException ex) {
                    new Alert(Alert.AlertType.ERROR, "Could not save " + f + ": " + ex.getMessage()).showAndWait();
                }
            }
        });
        Button export = new Button("Export settings package...");
        export.setId("export-package");
        export.setDisable(!model.canExportPackage());
        if (!model.canExportPackage()) {
            Tooltip.install(export, new Tooltip("Coming soon: Thunderbird, Apple and Outlook configuration files."));
        }
        export.setOnAction(e -> {
            File dir = new DirectoryChooser().showDialog(export.getScene().getWindow());
            if (dir != null) {
                try {
                    model.exportPackage(dir.toPath());
                } catch (IOException ex) {
                    new Alert(Alert.AlertType.ERROR, ex.getMessage()).showAndWait();
                }
            }
        });
        Label headline = Ui.text(model.headlineProperty());
        headline.setId("done-headline");
        headline.getStyleClass().add("headline");
        VBox left = new VBox(10);
        left.setId("done-left");
        Runnable fillLeft = () -> {
            left.getChildren().clear();
            for (DonePageModel.Group g : model.groups()) {
                VBox body = new VBox(8);
                g.findings().forEach(f -> body.getChildren().add(Ui.finding(f)));
                javafx.scene.control.TitledPane pane = new javafx.scene.control.TitledPane(g.title() + "  \u2013 "
                        + org.mailwright.model.Words.count(g.findings().size(), "item", "items"), body);
                pane.setExpanded(g.findings().stream().anyMatch(f -> f.severity() == org.mailwright.model.Severity.ERROR));
                pane.getStyleClass().add("step-plan");
                left.getChildren().add(pane);
            }
        };
        model.groups().addListener((javafx.collections.ListChangeListener<DonePageModel.Group>) c -> fillLeft.run());
        fillLeft.run();
        left.visibleProperty().bind(javafx.beans.binding.Bindings.isNotEmpty(model.groups()));
        left.managedProperty().bind(left.visibleProperty());
        Label saved = Ui.text(model.savedProperty());
        saved.setId("done-saved");
        saved.visibleProperty().bind(saved.textProperty().isNotEmpty());
        saved.managedProperty().bind(saved.visibleProperty());

        Button manage = new Button("Manage users...");
        manage.setId("manage-users");
        manage.setOnAction(e -> users.open(manage.getScene().getWindow(), model.manageUsers()));
        HBox actions = new HBox(10, transcript, export);
        return Ui.page(headline, left, clients, Ui.heading("Mailboxes and aliases"),
                Ui.hint("Add, remove or change mailboxes, aliases and domains on the server you just set up."), manage,
                Ui.heading("Keep a record"),
                Ui.hint("The transcript lists every command Mailwright ran and every file it wrote (passwords removed)."), actions, saved);
    }

    private static Node card(DonePageModel.ClientSettings c) {
        GridPane g = new GridPane();
        g.setHgap(14);
        g.setVgap(6);
        int r = 0;
        r = line(g, r, "Username", c.username());
        r = line(g, r, "Incoming (IMAP)", c.imapHost(), "port " + c.imapPort() + ", " + c.imapSecurity());
        r = line(g, r, "Outgoing (SMTP)", c.smtpHost(), "port " + c.submissionPort() + ", " + c.submissionSecurity()
                + "  (or " + c.smtpsPort() + ", " + c.smtpsSecurity() + ")");
        line(g, r, "Password", "the one set for this mailbox");
        Label title = new Label(c.address());
        title.getStyleClass().add("card-title");
        HBox head = new HBox(12, title, Ui.copyButton(c::asText));
        head.setAlignment(Pos.CENTER_LEFT);
        VBox card = new VBox(10, head, g);
        card.getStyleClass().add("card");
        return card;
    }

    private static int line(GridPane g, int r, String label, String value, String... extra) {
        Label l = new Label(label);
        l.getStyleClass().add("field-label");
        Label v = new Label(value);
        v.getStyleClass().add("mono");
        HBox valueBox = new HBox(10, v);
        for (String x : extra) {
            valueBox.getChildren().add(Ui.hint(x));
        }
        if (!value.startsWith("the one")) {
            valueBox.getChildren().add(Ui.copyButton(() -> value));
        }
        valueBox.setAlignment(Pos.CENTER_LEFT);
        g.addRow(r, l, valueBox);
        return r + 1;
    }
}
