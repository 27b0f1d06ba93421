package org.mailwright.ui.wizard.review;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.TitledPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.VBox;
import org.mailwright.engine.DiffLine;
import org.mailwright.model.Words;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class ReviewPage extends LazyPage<ReviewPageModel> {
    public ReviewPage(ReviewPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setPrefSize(22, 22);
        spinner.visibleProperty().bind(model.busyProperty());
        spinner.managedProperty().bind(model.busyProperty());
        Label status = Ui.text(model.statusProperty());
        Button replan = new Button("Read the server again");
        replan.setId("replan");
        replan.disableProperty().bind(model.busyProperty());
        replan.setOnAction(e -> model.replan());
        HBox top = new HBox(10, spinner, status, replan);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox steps = new VBox(8);
        steps.setId("plans");
        Runnable fill = () -> {
            steps.getChildren().clear();
            for (ReviewPageModel.StepPlan p : model.plans()) {
                steps.getChildren().add(stepView(p));
            }
        };
        model.plans().addListener((javafx.collections.ListChangeListener<ReviewPageModel.StepPlan>) c -> fill.run());
        fill.run();
        Label problem = Ui.problem(model.problemProperty());
        problem.setId("review-problem");
        return Ui.page(top, problem, steps);
    }

    private static Node stepView(ReviewPageModel.StepPlan p) {
        VBox body = new VBox(6);
        p.notes().forEach(n -> {
            Label note = Ui.text("Note: " + n);
            note.getStyleClass().add("plan-note");
            body.getChildren().add(note);
        });
        p.problems().forEach(f -> body.getChildren().add(Ui.finding(f)));
        // account changes by address, signed as in the CLI's plan: what happens to whom, never a table's content
        p.accounts().forEach(a -> {
            Label l = Ui.text(a);
            l.getStyleClass().addAll("mono", "account-change");
            body.getChildren().add(l);
        });
        p.changes().forEach(c -> {
            Label l = Ui.text("\u2022  " + c);
            body.getChildren().add(l);
        });
        for (ReviewPageModel.FileDiff d : p.diffs()) {
            VBox diff = new VBox();
            diff.getStyleClass().add("diff");
            for (DiffLine line : d.lines()) {
                Label l = new Label(line.text().isEmpty() ? " " : line.text());
                l.getStyleClass().addAll("diff-line", "diff-" + line.kind().name().toLowerCase());
                l.setMaxWidth(Double.MAX_VALUE);
                diff.getChildren().add(l);
            }
            body.getChildren().add(diff);
        }
        if (body.getChildren().isEmpty()) {
            body.getChildren().add(Ui.hint("Already done: nothing to change."));
        }
        int n = p.changeCount();
        TitledPane pane = new TitledPane(p.title() + "  \u2013 " + (n == 0 ? "no changes" : Words.count(n, "change", "changes")), body);
        // notes and account changes are what a person must not miss; long package lists may stay folded
        pane.setExpanded(n > 0 && n <= 6 || !p.problems().isEmpty() || !p.notes().isEmpty() || !p.accounts().isEmpty());
        pane.getStyleClass().add("step-plan");
        return pane;
    }
}
