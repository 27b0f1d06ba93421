package org.mailwright.ui.wizard.dns;

import javafx.beans.binding.Bindings;
import javafx.beans.property.SimpleStringProperty;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.Modality;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.mailwright.ui.AppIcons;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.dns.PublishModel.ChangeRow;
import org.mailwright.ui.wizard.dns.PublishModel.State;

/**
 * The "Publish at provider" dialog: the diff by record set (an action badge, name, type, value) with its summary,
 * the question, then progress and how it ended. Only binds controls to {@link PublishModel}.
 */
public final class PublishDialog extends BorderPane {
    public static final double WIDTH = 900;
    public static final double HEIGHT = 600;

    private final PublishModel model;

    /** The dialog's content over {@code model}; {@link #open} puts it in a window. */
    public PublishDialog(PublishModel model) {
        this.model = model;
        getStyleClass().add("publish-dialog");
        setId("publish-dialog");
        Label title = Ui.heading("");
        title.textProperty().bind(Bindings.concat("Publish the DNS records at ", model.providerNameProperty()));
        Label explain = Ui.hint("Each zone is read first, and only the records Mailwright plans are written: other records "
                + "(a site verification beside the SPF record, every other name) are left alone, and nothing is deleted.");
        Label summary = Ui.text(model.summaryProperty());
        summary.setId("publish-summary");
        summary.visibleProperty().bind(model.summaryProperty().isNotEmpty());
        summary.managedProperty().bind(summary.visibleProperty());

        TableView<ChangeRow> table = new TableView<>(model.rows());
        table.setId("publish-changes");
        table.setPlaceholder(Ui.hint("Reading the zones..."));
        TableColumn<ChangeRow, String> action = column("Action", ChangeRow::action, 140);
        action.setCellFactory(c -> new TableCell<>() {
            @Override
            protected void updateItem(String item, boolean empty) {
                super.updateItem(item, empty);
                setText(null);
                setGraphic(empty || item == null ? null : actionBadge(item));
            }
        });
        table.getColumns().add(action);
        table.getColumns().add(column("Name", ChangeRow::name, 220));
        table.getColumns().add(column("Type", ChangeRow::type, 70));
        TableColumn<ChangeRow, String> value = column("Value", ChangeRow::value, 420);
        value.setCellFactory(c -> Ui.wrappingCell(c, "mono")); // a DKIM key is 400 characters
        table.getColumns().add(value);
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);
        VBox.setVgrow(table, Priority.ALWAYS);

        Label question = Ui.text(model.questionProperty());
        question.setId("publish-question");
        question.getStyleClass().add("headline");
        question.visibleProperty().bind(model.questionProperty().isNotEmpty()
                .and(model.stateProperty().isEqualTo(State.ASKING).or(model.stateProperty().isEqualTo(State.NOTHING_TO_DO))));
        question.managedProperty().bind(question.visibleProperty());

        ProgressBar bar = new ProgressBar();
        bar.setId("publish-progress");
        bar.setPrefWidth(220);
        bar.setMinWidth(220);
        bar.progressProperty().bind(model.progressProperty());
        Label step = Ui.text(model.progressTextProperty());
        step.setId("publish-step");
        HBox.setHgrow(step, Priority.ALWAYS);
        HBox progress = new HBox(12, bar, step);
        progress.setAlignment(Pos.CENTER_LEFT);
        progress.visibleProperty().bind(model.stateProperty().isEqualTo(State.READING).or(model.stateProperty().isEqualTo(State.PUBLISHING))
                .or(model.stateProperty().isEqualTo(State.WAITING)));
        progress.managedProperty().bind(progress.visibleProperty());

        Label badge = new Label();
        badge.setId("publish-badge");
        badge.setMinWidth(Region.USE_PREF_SIZE);
        Label said = Ui.text(model.resultProperty());
        said.setId("publish-result");
        HBox.setHgrow(said, Priority.ALWAYS);
        HBox result = new HBox(12, badge, said);
        result.setAlignment(Pos.CENTER_LEFT);
        result.visibleProperty().bind(model.resultProperty().isNotEmpty().or(model.stateProperty().isEqualTo(State.NOTHING_TO_DO)));
        result.managedProperty().bind(result.visibleProperty());
        Runnable paint = () -> paintBadge(badge, model.stateProperty().get());
        model.stateProperty().addListener((o, was, now) -> paint.run());
        paint.run();

        VBox body = new VBox(12, title, explain, summary, table, question, progress, result);
        body.getStyleClass().add("dashboard-tab");
        setCenter(body);
        setBottom(buttons());
    }

    private Node buttons() {
        Button publish = new Button();
        publish.setId("publish-confirm");
        publish.getStyleClass().add("primary");
        publish.setDefaultButton(true);
        publish.setMinWidth(Button.USE_PREF_SIZE);
        publish.textProperty().bind(Bindings.createStringBinding(() -> model.changeCountProperty().get() == 1 ? "Publish 1 change"
                : "Publish " + model.changeCountProperty().get() + " changes", model.changeCountProperty()));
        publish.visibleProperty().bind(model.stateProperty().isEqualTo(State.ASKING));
        publish.managedProperty().bind(publish.visibleProperty());
        publish.setOnAction(e -> model.publish());

        Button cancel = new Button();
        cancel.setId("publish-cancel");
        cancel.setCancelButton(true);
        cancel.setMinWidth(Button.USE_PREF_SIZE);
        cancel.textProperty().bind(Bindings.when(model.stateProperty().isEqualTo(State.WAITING).or(model.stateProperty()
                .isEqualTo(State.PUBLISHING))).then("Stop waiting").otherwise("Cancel"));
        var running = model.stateProperty().isEqualTo(State.READING).or(model.stateProperty().isEqualTo(State.ASKING))
                .or(model.stateProperty().isEqualTo(State.PUBLISHING)).or(model.stateProperty().isEqualTo(State.WAITING));
        cancel.visibleProperty().bind(running);
        cancel.managedProperty().bind(cancel.visibleProperty());
        cancel.setOnAction(e -> {
            State was = model.stateProperty().get();
            model.cancel();
            if (was == State.READING || was == State.ASKING) {
                close();
            }
        });

        Button close = new Button("Close");
        close.setId("publish-close");
        close.setMinWidth(Button.USE_PREF_SIZE);
        close.visibleProperty().bind(running.not());
        close.managedProperty().bind(close.visibleProperty());
        close.setOnAction(e -> close());

        Region gap = new Region();
        HBox.setHgrow(gap, Priority.ALWAYS);
        HBox box = new HBox(10, gap, cancel, publish, close);
        box.setAlignment(Pos.CENTER_RIGHT);
        box.getStyleClass().add("button-row");
        box.setStyle("-fx-padding: 0 24 18 24;");
        return box;
    }

    private void close() {
        if (getScene() != null && getScene().getWindow() != null) {
            getScene().getWindow().hide();
        }
    }

    /** The badge of how it ended: the word and the colour, the word saying it for those who do not tell colours apart. */
    private static void paintBadge(Label badge, State s) {
        badge.getStyleClass().setAll("label", "badge", switch (s) {
            case ANSWERED, NOTHING_TO_DO -> "badge-ok";
            case COPYING -> "badge-warn";
            case REFUSED -> "badge-error";
            default -> "badge-pending";
        });
        badge.setText(switch (s) {
            case ANSWERED -> "\u2713 Published";
            case NOTHING_TO_DO -> "\u2713 Up to date";
            case COPYING -> "! Published, copying";
            case REFUSED -> "\u2715 Refused";
            case CANCELLED -> "Stopped";
            default -> "";
        });
    }

    /** An action as a badge: a sign and a word, not colour alone. */
    static Label actionBadge(String action) {
        Label l = new Label(switch (action) {
            case "create" -> "+ create";
            case "change" -> "~ change";
            case "conflict" -> "! conflict";
            default -> "= " + action;
        });
        l.getStyleClass().addAll("badge", switch (action) {
            case "create" -> "badge-ok";
            case "change" -> "badge-warn";
            case "conflict" -> "badge-error";
            default -> "badge-pending";
        }, "publish-action");
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }

    private static <R> TableColumn<R, String> column(String title, java.util.function.Function<R, String> value, double width) {
        TableColumn<R, String> c = new TableColumn<>(title);
        c.setCellValueFactory(d -> new SimpleStringProperty(value.apply(d.getValue())));
        c.setPrefWidth(width);
        return c;
    }

    /**
     * Opens the dialog over {@code owner} (modal to it) and starts reading the zones. Closing the window while it
     * waits stops the wait; while it reads or asks, nothing is sent.
     */
    public static PublishDialog open(Window owner, PublishModel model) {
        Stage stage = new Stage();
        if (owner != null) {
            stage.initOwner(owner);
            stage.initModality(Modality.WINDOW_MODAL);
        }
        PublishDialog view = new PublishDialog(model);
        Scene scene = new Scene(view, WIDTH, HEIGHT);
        scene.getStylesheets().add(Ui.stylesheet());
        stage.setScene(scene);
        stage.titleProperty().bind(Bindings.concat("Mailwright \u2013 publish at ", model.providerNameProperty()));
        AppIcons.setOn(stage);
        stage.setOnHidden(e -> {
            State s = model.stateProperty().get();
            if (s == State.READING || s == State.ASKING || s == State.PUBLISHING || s == State.WAITING) {
                model.cancel();
            }
        });
        stage.show();
        model.start();
        return view;
    }

    /** The model the dialog shows. */
    public PublishModel model() {
        return model;
    }
}
