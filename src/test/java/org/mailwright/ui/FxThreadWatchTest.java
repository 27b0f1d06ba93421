package org.mailwright.ui;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.VBox;
import javafx.stage.Stage;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.mailwright.remote.Command;
import org.mailwright.remote.CommandResult;
import org.mailwright.remote.FakeRemoteHost;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;

/** The watch can fail: it reports blocking work that Mailwright puts on the FX thread, and lets JavaFX's own work be. */
@ExtendWith(ApplicationExtension.class)
class FxThreadWatchTest {
    VBox root;

    @Start
    void start(Stage stage) {
        root = new VBox();
        stage.setScene(new Scene(root, 400, 300));
        stage.show();
    }

    /** Lets the sampler post its first ping and see the FX thread answer. */
    private static FxThreadWatch.Sampler watching() throws InterruptedException {
        FxThreadWatch.Sampler w = FxThreadWatch.start();
        Thread.sleep(100);
        return w;
    }

    private static void sleep(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static void spin(long millis) {
        long end = System.nanoTime() + millis * 1_000_000;
        while (System.nanoTime() < end) {
            Thread.onSpinWait();
        }
    }

    @Test
    void reportsASleepInMailwrightCodeOnTheFxThread(FxRobot robot) throws Exception {
        FxThreadWatch.Sampler w = watching();
        robot.interact(() -> sleep(200));
        FxThreadWatch.Report r = w.stop();
        assertThat(r.blamed()).hasSize(1);
        assertThat(r.blamed().get(0).millis()).isGreaterThanOrEqualTo(190);
        assertThatThrownBy(r::assertNoAppBlocking).isInstanceOf(AssertionError.class)
                .hasMessageContaining("blocking call java.lang.Thread.sleep reached from org.mailwright.ui.FxThreadWatchTest")
                .hasMessageContaining("org.mailwright.ui.FxThreadWatchTest.sleep(FxThreadWatchTest.java:");
    }

    @Test
    void reportsAFakeRemoteCallThatHoldsTheFxThread(FxRobot robot) throws Exception {
        // a command that computes for 200 ms, as a slow session call would: no blocking frame, the remote code is the fault
        FakeRemoteHost host = new FakeRemoteHost().on("slow", c -> {
            spin(200);
            return new CommandResult(c.line(), 0, "", "");
        });
        FxThreadWatch.Sampler w = watching();
        robot.interact(() -> host.exec(Command.script("slow")));
        FxThreadWatch.Report r = w.stop();
        assertThat(r.blamed()).hasSize(1);
        assertThat(r.blamed().get(0).describe()).contains("Mailwright's remote code (org.mailwright.remote.FakeRemoteHost.");
    }

    @Test
    void letsJavaFxsOwnLayoutHoldTheThread(FxRobot robot) throws Exception {
        FxThreadWatch.Sampler w = watching();
        robot.interact(() -> {
            // CSS and layout of a growing scene for at least 150 ms: a stall, but one in JavaFX's code
            long end = System.nanoTime() + 150_000_000L;
            int n = 0;
            while (System.nanoTime() < end) {
                for (int i = 0; i < 100; i++) {
                    root.getChildren().add(new Label("row " + n++));
                }
                root.applyCss();
                root.layout();
            }
        });
        FxThreadWatch.Report r = w.stop();
        assertThat(r.longestMillis()).as("the layout held the thread").isGreaterThanOrEqualTo(140);
        assertThat(r.blamed()).isEmpty();
        r.assertNoAppBlocking();
    }

    @Test
    void blamesOnlyTheCurrentEventsFramesAndNotClassLoading() {
        StackTraceElement sleep = frame("java.lang.Thread", "sleep");
        StackTraceElement ui = frame("org.mailwright.ui.users.UsersWindow", "confirmRemove");
        StackTraceElement loop = frame("com.sun.glass.ui.monocle.RunnableProcessor", "runLoop");
        StackTraceElement layout = frame("javafx.scene.Parent", "layout");
        assertThat(FxThreadWatch.blame(new StackTraceElement[] {sleep, ui})).isPresent();
        assertThat(FxThreadWatch.blame(new StackTraceElement[] {layout, frame("org.mailwright.engine.mailboxes.MailboxEdit", "diff"), ui}))
                .hasValueSatisfying(why -> assertThat(why).startsWith("Mailwright's engine.mailboxes code"));
        // a dialog's nested event loop, idle: the window that opened it waits, it does not hold the thread
        assertThat(FxThreadWatch.blame(new StackTraceElement[] {frame("java.lang.Object", "wait"), loop,
                frame("com.sun.glass.ui.Application", "enterNestedEventLoop"), frame("javafx.stage.Stage", "showAndWait"), ui})).isEmpty();
        // the JVM reading a class file the first time UI code uses it
        assertThat(FxThreadWatch.blame(new StackTraceElement[] {frame("java.io.FileInputStream", "readBytes"),
                frame("jdk.internal.loader.Resource", "getBytes"), frame("java.lang.ClassLoader", "loadClass"), ui})).isEmpty();
        // a snapshot waiting for the render thread: the toolkit's own wait, though a test asked for the snapshot
        assertThat(FxThreadWatch.blame(new StackTraceElement[] {frame("jdk.internal.misc.Unsafe", "park"),
                frame("com.sun.javafx.tk.quantum.QuantumToolkit", "renderToImage"), frame("javafx.scene.Scene", "snapshot"), ui})).isEmpty();
        // the first control made reads JavaFX's own stylesheet from its jar
        assertThat(FxThreadWatch.blame(new StackTraceElement[] {frame("java.io.RandomAccessFile", "readBytes"),
                frame("javafx.css.Stylesheet", "loadBinary"), frame("javafx.scene.control.Control", "<clinit>"), ui})).isEmpty();
        // but a listener that sleeps is the app's, though JavaFX called it
        assertThat(FxThreadWatch.blame(new StackTraceElement[] {sleep, ui, frame("javafx.beans.property.StringPropertyBase", "set"),
                frame("org.mailwright.ui.users.UsersWindowModel", "reload")})).isPresent();
        // JavaFX layout alone, and a sleep that no Mailwright code asked for
        assertThat(FxThreadWatch.blame(new StackTraceElement[] {layout, loop})).isEmpty();
        assertThat(FxThreadWatch.blame(new StackTraceElement[] {sleep, layout, loop})).isEmpty();
    }

    @Test
    void aStallNeedsSeveralBlamedSamples() {
        StackTraceElement[] blocked = {frame("java.lang.Thread", "sleep"), frame("org.mailwright.ui.X", "y")};
        StackTraceElement[] layout = {frame("javafx.scene.Parent", "layout")};
        assertThat(new FxThreadWatch.Stall(120, List.of(layout, blocked, blocked, layout)).blame()).isEmpty();
        assertThat(new FxThreadWatch.Stall(120, List.of(blocked, blocked, layout, blocked)).blame()).isPresent();
    }

    private static StackTraceElement frame(String className, String method) {
        return new StackTraceElement(className, method, null, -1);
    }
}
