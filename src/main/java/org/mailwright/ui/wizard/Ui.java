package org.mailwright.ui.wizard;

import javafx.beans.value.ObservableValue;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.input.ClipboardContent;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailwright.model.Finding;
import org.mailwright.model.Severity;

/** Small view helpers the pages share, so every page looks the same. Style classes live in mailwright.css. */
public final class Ui {
    /**
     * The one stylesheet of every window and dialog. The build also ships it pre-parsed beside it, as
     * {@code mailwright.bss} (JavaFX's binary stylesheet, pom.xml "binary-stylesheet"), which JavaFX loads in its place.
     */
    public static final String STYLESHEET = "/org/mailwright/ui/mailwright.css";

    /** A word for {@link org.mailwright.model.PasswordPolicy#strength}'s 0 to 4, beside the strength meter. */
    public static String strengthLabel(int strength) {
        return java.util.List.of("too weak", "fair", "good", "strong", "very strong").get(Math.max(0, Math.min(4, strength)));
    }

    /** {@link #STYLESHEET} as a scene or dialog pane takes it. */
    public static String stylesheet() {
        return Ui.class.getResource(STYLESHEET).toExternalForm();
    }

    private Ui() {
    }

    /** A section heading inside a page. */
    public static Label heading(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section");
        return l;
    }

    /** Body text that wraps. */
    public static Label text(String text) {
        Label l = new Label(text);
        l.setWrapText(true);
        l.getStyleClass().add("body");
        l.setMinHeight(javafx.scene.layout.Region.USE_PREF_SIZE);
        return l;
    }

    public static Label text(ObservableValue<String> text) {
        Label l = text("");
        l.textProperty().bind(text);
        return l;
    }

    /** Grey help text. */
    public static Label hint(String text) {
        Label l = text(text);
        l.getStyleClass().add("hint");
        return l;
    }

    /** An error or warning line that disappears when empty. */
    public static Label problem(ObservableValue<String> text) {
        Label l = text(text);
        l.getStyleClass().add("problem");
        l.visibleProperty().bind(l.textProperty().isNotEmpty());
        l.managedProperty().bind(l.visibleProperty());
        return l;
    }

    /** A green / amber / red pill: OK, WARN, ERROR. */
    public static Label badge(Severity s) {
        Label l = new Label(WindowWords.badge(s));
        l.getStyleClass().addAll("badge", "badge-" + s.name().toLowerCase());
        // one width for every badge, so the text beside them lines up
        l.setMinWidth(76);
        l.setAlignment(Pos.CENTER);
        return l;
    }

    public static Label pendingBadge(String text) {
        Label l = new Label(text);
        l.getStyleClass().addAll("badge", "badge-pending");
        l.setMinWidth(Label.USE_PREF_SIZE);
        l.setAlignment(Pos.CENTER);
        return l;
    }

    /**
     * A finding as a row: badge, what was checked, what was seen, and (unless OK) what to do, in the window's words
     * ({@link WindowWords}). Right-click copies it: people paste findings into a support ticket or a search.
     */
    public static Node finding(Finding engineWords) {
        Finding f = WindowWords.finding(engineWords);
        Label check = new Label(f.check());
        check.getStyleClass().add("finding-check");
        Label message = text(f.message());
        VBox body = new VBox(2, check, message);
        if (f.severity() != Severity.OK && !f.fix().isBlank()) {
            Label fix = text(f.fix());
            fix.getStyleClass().add("fix");
            body.getChildren().add(fix);
        }
        HBox.setHgrow(body, Priority.ALWAYS);
        HBox row = new HBox(12, badge(f.severity()), body);
        row.setAlignment(Pos.TOP_LEFT);
        row.getStyleClass().add("finding");
        javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy");
        copy.setOnAction(e -> toClipboard(findingText(f)));
        javafx.scene.control.ContextMenu menu = new javafx.scene.control.ContextMenu(copy);
        row.setOnContextMenuRequested(e -> menu.show(row, e.getScreenX(), e.getScreenY()));
        return row;
    }

    /** A finding as one paragraph of plain text: "Warning  Outbound port 25: ... Ask your hosting provider ...". */
    public static String findingText(Finding f) {
        return WindowWords.plainText(f);
    }

    /** Puts {@code text} on the system clipboard. */
    public static void toClipboard(String text) {
        ClipboardContent c = new ClipboardContent();
        c.putString(text);
        javafx.scene.input.Clipboard.getSystemClipboard().setContent(c);
    }

    /**
     * A list of text lines (a log) that can be selected and copied: several lines with Shift or Ctrl, Ctrl+C (Cmd+C)
     * or the context menu's Copy; Copy all takes every line.
     */
    public static javafx.scene.control.ListView<String> copyableList(javafx.collections.ObservableList<String> lines) {
        javafx.scene.control.ListView<String> list = new javafx.scene.control.ListView<>(lines);
        list.getSelectionModel().setSelectionMode(javafx.scene.control.SelectionMode.MULTIPLE);
        Runnable copySelected = () -> {
            var selected = list.getSelectionModel().getSelectedItems();
            toClipboard(String.join("\n", selected.isEmpty() ? lines : selected) + "\n");
        };
        javafx.scene.input.KeyCombination copyKey = new javafx.scene.input.KeyCodeCombination(javafx.scene.input.KeyCode.C,
                javafx.scene.input.KeyCombination.SHORTCUT_DOWN);
        list.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (copyKey.match(e)) {
                copySelected.run();
                e.consume();
            }
        });
        javafx.scene.control.MenuItem copy = new javafx.scene.control.MenuItem("Copy");
        copy.setOnAction(e -> copySelected.run());
        javafx.scene.control.MenuItem all = new javafx.scene.control.MenuItem("Copy all");
        all.setOnAction(e -> toClipboard(String.join("\n", lines) + "\n"));
        list.setContextMenu(new javafx.scene.control.ContextMenu(copy, all));
        return list;
    }

    /** A small button that puts {@code value} on the clipboard. */
    public static Button copyButton(java.util.function.Supplier<String> value) {
        Button b = new Button("Copy");
        b.getStyleClass().add("copy");
        b.setTooltip(new Tooltip("Copy to the clipboard"));
        b.setOnAction(e -> {
            toClipboard(value.get());
            b.setText("Copied");
        });
        b.setMinWidth(Button.USE_PREF_SIZE);
        return b;
    }

    /** A two-column form: labels right of nothing, fields growing. */
    /**
     * The rows of a server login (server, SSH port, user, key file and its passphrase, password) in {@code grid}, each
     * field's id {@code idPrefix + "-host"}, {@code -port}, {@code -user}, {@code -use-key}, {@code -key},
     * {@code -passphrase}, {@code -password}, bound both ways to {@code fields}; {@code passwordHint} under the password.
     */
    public static void loginRows(GridPane grid, String idPrefix, LoginFields fields, String passwordHint) {
        row(grid, "Server", boundField(idPrefix + "-host", "203.0.113.10 or server.example.com", fields.hostProperty()));
        row(grid, "SSH port", boundField(idPrefix + "-port", "22", fields.portProperty()));
        row(grid, "User", boundField(idPrefix + "-user", "root", fields.userProperty()));
        javafx.scene.control.CheckBox useKey = new javafx.scene.control.CheckBox("Log in with a key file");
        useKey.setId(idPrefix + "-use-key");
        useKey.selectedProperty().bindBidirectional(fields.useKeyProperty());
        row(grid, "", useKey);
        javafx.scene.control.TextField key = boundField(idPrefix + "-key", "~/.ssh/id_ed25519", fields.keyPathProperty());
        key.disableProperty().bind(fields.useKeyProperty().not());
        row(grid, "Key file", key);
        // an encrypted key needs its passphrase here too, as on the wizard's Connect page
        javafx.scene.control.PasswordField passphrase = new javafx.scene.control.PasswordField();
        passphrase.setId(idPrefix + "-passphrase");
        passphrase.setPromptText("only if the key has one");
        passphrase.textProperty().bindBidirectional(fields.passphraseProperty());
        passphrase.disableProperty().bind(fields.useKeyProperty().not());
        row(grid, "Key passphrase", passphrase);
        javafx.scene.control.PasswordField pw = new javafx.scene.control.PasswordField();
        pw.setId(idPrefix + "-password");
        pw.textProperty().bindBidirectional(fields.passwordProperty());
        row(grid, "Password", pw);
        row(grid, "", hint(passwordHint));
    }

    /** A text field with an id and a prompt, bound both ways to {@code value}. */
    public static javafx.scene.control.TextField boundField(String id, String prompt, javafx.beans.property.StringProperty value) {
        javafx.scene.control.TextField f = new javafx.scene.control.TextField();
        f.setId(id);
        f.setPromptText(prompt);
        f.textProperty().bindBidirectional(value);
        return f;
    }

    public static GridPane form() {
        GridPane g = new GridPane();
        g.getStyleClass().add("form");
        g.setHgap(14);
        g.setVgap(10);
        javafx.scene.layout.ColumnConstraints labels = new javafx.scene.layout.ColumnConstraints();
        labels.setMinWidth(150);
        javafx.scene.layout.ColumnConstraints fields = new javafx.scene.layout.ColumnConstraints();
        fields.setHgrow(Priority.ALWAYS);
        fields.setMaxWidth(460);
        g.getColumnConstraints().addAll(labels, fields);
        return g;
    }

    public static void row(GridPane form, String label, Node field) {
        int r = form.getRowCount();
        Label l = new Label(label);
        l.getStyleClass().add("field-label");
        form.add(l, 0, r);
        form.add(field, 1, r);
    }

    /**
     * The password strength meter: a bar coloured weak/fair/strong and a word, hidden while the password is empty.
     * Shared by the wizard's Users page and the users window.
     */
    public static HBox strengthMeter(javafx.beans.property.ReadOnlyIntegerProperty strength, ObservableValue<String> password) {
        javafx.scene.control.ProgressBar meter = new javafx.scene.control.ProgressBar();
        meter.setId("strength");
        meter.setPrefWidth(160);
        meter.progressProperty().bind(strength.divide(4.0));
        Label word = new Label();
        word.setId("strength-label");
        word.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> password.getValue() == null || password.getValue().isEmpty() ? ""
                        : strengthLabel(strength.get()), strength, password));
        Runnable colour = () -> {
            meter.getStyleClass().removeAll("weak", "fair", "strong");
            meter.getStyleClass().add(strength.get() <= 1 ? "weak" : strength.get() <= 2 ? "fair" : "strong");
        };
        strength.addListener((o, was, now) -> colour.run());
        colour.run();
        HBox row = new HBox(10, meter, word);
        row.setAlignment(Pos.CENTER_LEFT);
        row.visibleProperty().bind(javafx.beans.binding.Bindings.createBooleanBinding(
                () -> password.getValue() != null && !password.getValue().isEmpty(), password));
        row.managedProperty().bind(row.visibleProperty());
        return row;
    }

    /** The standard page body: a column with generous spacing. */
    public static VBox page(Node... children) {
        VBox v = new VBox(16, children);
        v.getStyleClass().add("page-body");
        return v;
    }

    /**
     * A table cell whose text wraps to {@code column}'s width and makes the row as tall as it needs (a wrapping Label
     * in a cell keeps the row one line high and cuts the text): an error sentence, a 400-character DKIM key.
     *
     * @param styleClasses style classes beside {@code cell-text} ({@code mono} for record values)
     */
    public static <R> javafx.scene.control.TableCell<R, String> wrappingCell(javafx.scene.control.TableColumn<R, String> column,
                                                                            String... styleClasses) {
        return new javafx.scene.control.TableCell<>() {
            private final javafx.scene.text.Text text = new javafx.scene.text.Text();

            {
                text.wrappingWidthProperty().bind(column.widthProperty().subtract(14));
                text.getStyleClass().add("cell-text");
                text.getStyleClass().addAll(styleClasses);
                setPrefHeight(javafx.scene.control.Control.USE_COMPUTED_SIZE);
            }

            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                text.setText(empty || item == null ? "" : item);
                setGraphic(empty ? null : text);
            }
        };
    }
}
