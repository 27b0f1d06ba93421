package org.mailwright.ui.wizard.install;

import javafx.animation.KeyFrame;
import javafx.animation.Timeline;
import javafx.beans.binding.Bindings;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.util.Duration;
import org.mailwright.model.Finding;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class InstallPage extends LazyPage<InstallPageModel> {
    public InstallPage(InstallPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        ProgressBar overall = new ProgressBar();
        overall.setId("overall-progress");
        overall.progressProperty().bind(model.overallProperty());
        overall.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(overall, Priority.ALWAYS);
        Label elapsed = new Label();
        elapsed.setId("elapsed");
        elapsed.getStyleClass().add("mono");
        elapsed.textProperty().bind(model.elapsedProperty());
        Button cancel = new Button("Cancel");
        cancel.setId("cancel-install");
        cancel.disableProperty().bind(model.stateProperty().isNotEqualTo(InstallPageModel.State.RUNNING));
        cancel.setOnAction(e -> model.cancel());
        HBox top = new HBox(12, overall, elapsed, cancel);
        top.setAlignment(Pos.CENTER_LEFT);
        Label current = Ui.text(model.currentProperty());
        current.setId("install-current");

        GridPane steps = new GridPane();
        steps.setId("install-steps");
        steps.setHgap(12);
        steps.setVgap(6);
        ColumnConstraints title = new ColumnConstraints(200);
        ColumnConstraints bar = new ColumnConstraints();
        bar.setHgrow(Priority.ALWAYS);
        steps.getColumnConstraints().addAll(title, bar, new ColumnConstraints(90));
        Runnable fill = () -> {
            steps.getChildren().clear();
            int r = 0;
            for (InstallPageModel.StepRow row : model.steps()) {
                ProgressBar p = new ProgressBar();
                p.progressProperty().bind(row.progressProperty());
                p.setMaxWidth(Double.MAX_VALUE);
                p.getStyleClass().add("step-progress");
                Label state = new Label();
                state.getStyleClass().add("step-state");
                state.textProperty().bind(Bindings.createStringBinding(() -> switch (row.stateProperty().get()) {
                    case WAITING -> "waiting";
                    case RUNNING -> "running";
                    case DONE -> "done";
                    case WARNING -> "warnings";
                    case FAILED -> "failed";
                    case LEFT -> "left to do";
                    case CANCELLED -> "cancelled";
                }, row.stateProperty()));
                row.stateProperty().addListener((o, was, now) -> {
                    state.getStyleClass().removeAll("state-failed", "state-warning", "state-done", "state-running", "state-left");
                    state.getStyleClass().add("state-" + now.name().toLowerCase());
                });
                steps.addRow(r++, new Label(row.title()), p, state);
            }
        };
        model.steps().addListener((javafx.collections.ListChangeListener<InstallPageModel.StepRow>) c -> fill.run());
        fill.run();

        // a failed step: its finding, the sentence that says what to do, and Retry
        Label failMessage = Ui.text("");
        Label failFix = Ui.text("");
        failFix.getStyleClass().add("fix");
        failFix.setId("failure-fix");
        Button retry = new Button("Retry");
        retry.setId("retry");
        retry.getStyleClass().add("primary");
        retry.setOnAction(e -> model.retry());
        VBox failure = new VBox(8, failMessage, failFix, retry);
        failure.getStyleClass().add("failure-box");
        failure.setId("failure");
        Runnable showFailure = () -> {
            Finding f = model.failureProperty().get();
            failMessage.setText(f == null ? "" : f.check() + ": " + f.message());
            failFix.setText(f == null ? "" : f.fix());
        };
        model.failureProperty().addListener((o, was, now) -> showFailure.run());
        failure.visibleProperty().bind(model.stateProperty().isEqualTo(InstallPageModel.State.FAILED)
                .or(model.stateProperty().isEqualTo(InstallPageModel.State.CANCELLED)));
        failure.managedProperty().bind(failure.visibleProperty());
        model.stateProperty().addListener((o, was, now) -> {
            if (now == InstallPageModel.State.CANCELLED) {
                failMessage.setText("The " + model.run().title().toLowerCase(java.util.Locale.ROOT)
                        + " was cancelled. What was done so far stays; Retry continues from there.");
                failFix.setText("");
            } else {
                showFailure.run();
            }
        });

        // a run that went through with errors left: mail works, and this is what is left (amber, not the red stop)
        VBox problems = new VBox(8);
        problems.setId("install-problems");
        problems.getStyleClass().add("warning-box");
        Runnable fillProblems = () -> {
            problems.getChildren().setAll(Ui.text(model.run().finished() + ", with this left to do:"));
            model.problems().forEach(f -> problems.getChildren().add(Ui.finding(f)));
        };
        model.problems().addListener((javafx.collections.ListChangeListener<Finding>) c -> fillProblems.run());
        fillProblems.run();
        problems.visibleProperty().bind(Bindings.isNotEmpty(model.problems()));
        problems.managedProperty().bind(problems.visibleProperty());

        ListView<String> log = Ui.copyableList(model.log());
        log.setId("install-log");
        log.getStyleClass().add("console");
        log.setPrefHeight(180);
        Button copyLog = Ui.copyButton(model::logText);
        copyLog.setText("Copy log");
        copyLog.setId("copy-log");
        HBox logHead = new HBox(12, Ui.heading("Log"), copyLog);
        logHead.setAlignment(Pos.CENTER_LEFT);
        model.log().addListener((javafx.collections.ListChangeListener<String>) c -> {
            if (!model.log().isEmpty()) {
                log.scrollTo(model.log().size() - 1);
            }
        });

        // the elapsed time ticks while the page exists; the model decides whether it still moves
        Timeline ticker = new Timeline(new KeyFrame(Duration.seconds(1), e -> model.tick()));
        ticker.setCycleCount(Timeline.INDEFINITE);
        ticker.play();

        return Ui.page(top, current, failure, problems, steps, logHead, log);
    }
}
