package org.mailwright.ui;

import java.util.concurrent.atomic.AtomicBoolean;
import javafx.application.Platform;
import javafx.scene.control.Alert;

/**
 * Shows a {@link CrashReporter.Crash} in an alert. One at a time: an error that repeats on every frame must not bury
 * the window under dialogs, the report has them all.
 */
final class CrashDialog {
    private static final AtomicBoolean SHOWING = new AtomicBoolean();

    private CrashDialog() {
    }

    static void show(CrashReporter.Crash crash) {
        if (!SHOWING.compareAndSet(false, true)) {
            return;
        }
        // later, not now: the error may have come from the middle of a layout or an event on this very thread
        try {
            Platform.runLater(() -> {
                try {
                    Alert alert = new Alert(Alert.AlertType.ERROR, crash.text());
                    alert.setTitle("Mailwright: " + crash.title());
                    alert.setHeaderText(null);
                    alert.setOnHidden(e -> SHOWING.set(false));
                    alert.show();
                } catch (RuntimeException e) {
                    SHOWING.set(false);
                    throw e;
                }
            });
        } catch (IllegalStateException toolkitGone) {
            // the window is closing: the report and the log have it
            SHOWING.set(false);
        }
    }
}
