package org.mailwright.ui.wizard.verify;

import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.mailwright.model.Finding;
import org.mailwright.ui.wizard.Ui;
import org.mailwright.ui.wizard.LazyPage;

public final class VerifyPage extends LazyPage<VerifyPageModel> {
    public VerifyPage(VerifyPageModel model) {
        super(model);
    }

    @Override
    protected Node build() {
        Label summary = Ui.text(model.summaryProperty());
        summary.setId("verify-summary");
        HBox.setHgrow(summary, Priority.ALWAYS);
        Button again = new Button("Check again");
        again.setId("verify-recheck");
        again.disableProperty().bind(model.busyProperty());
        again.setOnAction(e -> model.recheck());
        Button copy = Ui.copyButton(model::findingsText);
        copy.setText("Copy all");
        copy.setId("verify-copy");
        again.setMinWidth(Button.USE_PREF_SIZE);
        HBox top = new HBox(12, summary, again, copy);
        top.setAlignment(Pos.CENTER_LEFT);
        VBox list = new VBox(10);
        list.setId("verify-findings");
        Runnable fill = () -> {
            list.getChildren().clear();
            model.findings().forEach(f -> list.getChildren().add(Ui.finding(f)));
        };
        model.findings().addListener((javafx.collections.ListChangeListener<Finding>) c -> fill.run());
        fill.run();
        return Ui.page(top, list);
    }
}
