package org.mailwright.ui.wizard.done;

import java.io.File;
import java.io.IOException;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.ButtonBar;
import javafx.scene.control.ButtonType;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.mailwright.model.Severity;
import org.mailwright.ui.wizard.Choosers;
import org.mailwright.ui.wizard.ManageUsers;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

/**
 * The Done page's view: the client settings, what is left, the recovery sheet after an install (or the DNS records to
 * change after a restore), the users window and the transcript. Asks before the window closes with the sheet unsaved.
 */
public final class DonePage extends LazyPage<DonePageModel> {
    private final ManageUsers users;
    private final Choosers choosers;

    /** @param users opens the users window for "Manage users..." */
    public DonePage(DonePageModel model, ManageUsers users) {
        this(model, users, Choosers.SYSTEM);
    }

    /**
     * @param users    opens the users window for "Manage users..."
     * @param choosers the save dialog of "Save recovery sheet..."
     */
    public DonePage(DonePageModel model, ManageUsers users, Choosers choosers) {
        super(model);
        this.users = users;
        this.choosers = choosers;
    }

    /**
     * Asks once, while the recovery sheet is unsaved: Save... (the save dialog; the window stays open when the person
     * cancels it) or Close without it. True when the window may close.
     */
    @Override
    public boolean mayClose(Window owner) {
        if (!model.shouldAskBeforeClosing()) {
            return true;
        }
        ButtonType save = new ButtonType("Save...", ButtonBar.ButtonData.OK_DONE);
        ButtonType close = new ButtonType("Close without it", ButtonBar.ButtonData.OTHER);
        Alert a = new Alert(Alert.AlertType.WARNING, "", save, close);
        a.initOwner(owner);
        a.setTitle("Recovery sheet not saved");
        a.setHeaderText("Save the recovery sheet before you close?");
        Label explain = Ui.text("It holds the password of the server's backups. Without it nobody can read them, not even "
                + "you: the server keeps the password, and a lost server takes it along."
                + (model.sheetProblemProperty().get().isEmpty() ? "" : "\n\n" + model.sheetProblemProperty().get()));
        explain.setPrefWidth(460);
        explain.setMaxWidth(460);
        a.getDialogPane().setContent(explain);
        a.getDialogPane().getStylesheets().add(Ui.stylesheet());
        ButtonType answer = a.showAndWait().orElse(null);
        if (answer == null) {
            return false;
        }
        if (answer == close) {
            model.closeWithoutSheet();
            return true;
        }
        if (model.sheetStateProperty().get() == DonePageModel.SheetState.READY) {
            return askAndSaveSheet(owner);
        }
        // not read yet (or it failed): read it, then ask where; the window stays open meanwhile
        model.withSheet(() -> askAndSaveSheet(owner));
        return false;
    }

    /** The save dialog for the sheet held, then the write; true when it was saved. */
    private boolean askAndSaveSheet(Window owner) {
        var file = choosers.saveFile(owner, "Save recovery sheet", model.sheetFileName());
        if (file.isEmpty()) {
            return false;
        }
        try {
            model.saveSheet(file.get());
            return true;
        } catch (IOException ex) {
            new Alert(Alert.AlertType.ERROR, "Could not save " + file.get() + ": " + ex.getMessage()).showAndWait();
            return false;
        }
    }

    private Node backups() {
        Label unsavedText = Ui.text("Recovery sheet not saved: without it nobody can read the backups");
        HBox unsaved = new HBox(12, Ui.badge(Severity.WARN), unsavedText);
        unsaved.setId("sheet-unsaved");
        Label savedText = Ui.text(Bindings.createStringBinding(() -> model.sheetSavedToProperty().get() == null ? ""
                : "Recovery sheet saved to " + model.sheetSavedToProperty().get() + " (readable by you only).",
                model.sheetSavedToProperty()));
        savedText.setId("sheet-saved-to");
        HBox saved = new HBox(12, Ui.badge(Severity.OK), savedText);
        saved.setId("sheet-saved");
        for (HBox row : new HBox[]{unsaved, saved}) {
            row.setAlignment(Pos.CENTER_LEFT);
            HBox.setHgrow(row.getChildren().get(1), Priority.ALWAYS);
        }
        unsaved.visibleProperty().bind(model.sheetUnsavedProperty());
        saved.visibleProperty().bind(model.sheetSavedToProperty().isNotNull());
        for (HBox row : new HBox[]{unsaved, saved}) {
            row.managedProperty().bind(row.visibleProperty());
        }
        Label problem = Ui.problem(model.sheetProblemProperty());
        problem.setId("sheet-problem");
        Button save = new Button("Save recovery sheet...");
        save.setId("save-recovery-sheet");
        save.getStyleClass().add("primary");
        save.disableProperty().bind(model.sheetStateProperty().isEqualTo(DonePageModel.SheetState.FETCHING));
        save.setOnAction(e -> model.withSheet(() -> askAndSaveSheet(save.getScene().getWindow())));
        model.sheetSavedToProperty().addListener((o, was, now) -> {
            save.setText(now == null ? "Save recovery sheet..." : "Save another copy...");
            save.getStyleClass().remove("primary");
        });
        VBox box = new VBox(10, Ui.heading("Backups"),
                Ui.text("The server backs itself up every night, encrypted with a password Mailwright made on the server. "
                        + "The recovery sheet holds that password, where the backups are and how to restore them: save it, "
                        + "then print it or keep it away from the server."),
                unsaved, saved, problem, save);
        box.setId("backups");
        box.visibleProperty().bind(model.sheetUnsavedProperty().or(model.sheetSavedToProperty().isNotNull()));
        box.managedProperty().bind(box.visibleProperty());
        return box;
    }

    private Node dnsToChange() {
        VBox list = new VBox(8);
        list.setId("dns-to-change");
        Runnable fill = () -> {
            list.getChildren().clear();
            if (model.dnsToChange().isEmpty()) {
                HBox ok = new HBox(12, Ui.badge(Severity.OK), Ui.text("DNS already points at this server."));
                ok.setAlignment(Pos.CENTER_LEFT);
                list.getChildren().add(ok);
            }
            model.dnsToChange().forEach(f -> list.getChildren().add(Ui.finding(f)));
        };
        model.dnsToChange().addListener((javafx.collections.ListChangeListener<org.mailwright.model.Finding>) c -> fill.run());
        fill.run();
        VBox box = new VBox(10, Ui.heading("DNS records to change"),
                Ui.hint("The records that name the old server's address. The MX, SPF, DKIM and DMARC records stay as they "
                        + "are: the DKIM key came back with the backup."), list);
        box.setId("restore-dns");
        box.visibleProperty().bind(model.restoredProperty());
        box.managedProperty().bind(box.visibleProperty());
        return box;
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
        // what is left first (the headline names it), then the sheet to save, then each mail app's settings
        return Ui.page(headline, dnsToChange(), left, backups(), clients, Ui.heading("Mailboxes and aliases"),
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
