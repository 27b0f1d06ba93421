package org.mailwright.ui.wizard.restore;

import java.nio.file.Path;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.PasswordField;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailwright.ui.wizard.Choosers;
import org.mailwright.ui.wizard.LazyPage;
import org.mailwright.ui.wizard.Ui;

/** The Restore page's view: two choosers with what is wrong with their choice beneath, the password, the merge box. */
public final class RestorePage extends LazyPage<RestorePageModel> {
    private final Choosers choosers;

    /**
     * @param model    the page's model
     * @param choosers the folder and file dialogs
     */
    public RestorePage(RestorePageModel model, Choosers choosers) {
        super(model);
        this.choosers = choosers;
    }

    @Override
    protected Node build() {
        Label folder = shown(model.folderProperty(), "no folder chosen");
        folder.setId("backup-folder");
        Button chooseFolder = new Button("Choose folder...");
        chooseFolder.setId("choose-backup-folder");
        chooseFolder.setMinWidth(Button.USE_PREF_SIZE);
        chooseFolder.setOnAction(e -> choosers.folder(chooseFolder.getScene().getWindow(), "The backup folder")
                .ifPresent(model::chooseFolder));
        Label folderProblem = Ui.problem(model.folderProblemProperty());
        folderProblem.setId("backup-folder-problem");

        Label spec = shown(model.specFileProperty(), "no spec chosen");
        spec.setId("restore-spec");
        Button chooseSpec = new Button("Choose spec...");
        chooseSpec.setId("choose-restore-spec");
        chooseSpec.setMinWidth(Button.USE_PREF_SIZE);
        chooseSpec.setOnAction(e -> choosers.openFile(chooseSpec.getScene().getWindow(), "The spec from the recovery sheet",
                "Spec (YAML)", "*.yaml", "*.yml").ifPresent(model::chooseSpec));
        VBox specProblems = new VBox(4);
        specProblems.setId("restore-spec-problems");
        Runnable fillProblems = () -> specProblems.getChildren().setAll(model.specProblems().stream().map(p -> {
            Label l = Ui.text(p);
            l.getStyleClass().add("problem");
            return (Node) l;
        }).toList());
        model.specProblems().addListener((javafx.collections.ListChangeListener<String>) c -> fillProblems.run());
        fillProblems.run();
        specProblems.visibleProperty().bind(Bindings.isNotEmpty(model.specProblems()));
        specProblems.managedProperty().bind(specProblems.visibleProperty());
        Label specRead = Ui.hint("");
        specRead.setId("restore-spec-summary");
        Runnable summary = () -> specRead.setText(model.spec() == null ? ""
                : "Mail for " + String.join(", ", model.spec().domains()) + " on " + model.spec().hostname()
                        + ", last on the server " + model.spec().server().host() + ".");
        model.draft().restoredSpec.addListener((o, was, now) -> summary.run());
        summary.run();
        specRead.visibleProperty().bind(specRead.textProperty().isNotEmpty());
        specRead.managedProperty().bind(specRead.visibleProperty());

        PasswordField password = new PasswordField();
        password.setId("backup-password");
        password.setPromptText("as the recovery sheet shows it");
        password.textProperty().bindBidirectional(model.passwordProperty());

        CheckBox merge = new CheckBox("Merge into a server that already has mail");
        merge.setId("restore-merge");
        merge.selectedProperty().bindBidirectional(model.mergeProperty());
        Label mergeHint = Ui.hint("Leave this off for a fresh server: then Mailwright refuses a server that has mail, so two "
                + "servers' mail is never mixed by mistake. On, it adds the backup's mail, mailboxes and aliases to what "
                + "the server has and replaces nothing there.");

        // each field's problems and hint in one cell under it: a hidden problem leaves no empty row behind
        GridPane form = Ui.form();
        form.addRow(0, label("Backup folder"), row(folder, chooseFolder));
        form.add(under(folderProblem, Ui.hint("The folder the backups were copied to on this computer.")), 1, 1);
        form.addRow(2, label("Spec"), row(spec, chooseSpec));
        form.add(under(specProblems, specRead,
                Ui.hint("The spec file saved from the recovery sheet: the server's names, domains and settings.")), 1, 3);
        form.addRow(4, label("Backup password"), password);
        form.add(Ui.hint("The password printed on the recovery sheet. Without it the backup cannot be read."), 1, 5);
        return Ui.page(Ui.heading("The backup"), form, Ui.heading("The new server"),
                Ui.text("Next you log in to the new server: a fresh Debian 12 or 13 machine. Mailwright sets it up as the "
                        + "spec says, puts the mail back with its flags, and keeps the DKIM key, so only the records that "
                        + "name the server's address change."),
                merge, mergeHint);
    }

    /**
     * A chosen path (or {@code none}) as a read-only box that grows with the window and, when short of room, cuts the
     * path at its start: the folder's own name is what tells backups apart. The whole path is in its tooltip.
     */
    private static Label shown(javafx.beans.value.ObservableValue<Path> path, String none) {
        Label l = new Label();
        l.getStyleClass().add("chosen-path");
        l.setTextOverrun(javafx.scene.control.OverrunStyle.LEADING_ELLIPSIS);
        l.setMaxWidth(Double.MAX_VALUE);
        l.setMinWidth(80);
        javafx.scene.control.Tooltip tip = new javafx.scene.control.Tooltip();
        Runnable show = () -> {
            Path p = path.getValue();
            l.setText(p == null ? none : p.toString());
            tip.setText(p == null ? none : p.toString());
            l.getStyleClass().remove("chosen-path-none");
            if (p == null) {
                l.getStyleClass().add("chosen-path-none");
            }
        };
        path.addListener((o, was, now) -> show.run());
        show.run();
        l.setTooltip(tip);
        HBox.setHgrow(l, Priority.ALWAYS);
        return l;
    }

    private static VBox under(Node... lines) {
        return new VBox(4, lines);
    }

    private static Label label(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("field-label");
        return l;
    }

    private static HBox row(Label field, Button choose) {
        HBox box = new HBox(8, field, choose);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }
}
