import javafx.animation.AnimationTimer;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.stage.Stage;

/**
 * The floor bench/startup.sh measures Mailwright's start-up against: the least a JavaFX window is, a Stage with a
 * Label, packaged the way packaging/build.sh packages Mailwright (same runtime, same jpackage and CDS options).
 * It honours -Dmailwright.exitAfterFirstShow=true as Mailwright does, so its class-data archive is made the same way.
 */
public final class Hello extends Application {
    public static void main(String[] args) {
        launch(Hello.class, args);
    }

    @Override
    public void start(Stage stage) {
        stage.setTitle("Hello");
        stage.setScene(new Scene(new Label("Hello"), 400, 200));
        stage.show();
        if (Boolean.getBoolean("mailwright.exitAfterFirstShow")) {
            new AnimationTimer() {
                private int frames;

                @Override
                public void handle(long now) {
                    if (++frames == 3) {
                        stop();
                        Platform.exit();
                    }
                }
            }.start();
        }
    }
}
