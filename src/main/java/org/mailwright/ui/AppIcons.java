package org.mailwright.ui;

import java.util.Locale;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import javafx.scene.image.Image;
import javafx.stage.Stage;

/** Mailwright's mark at the sizes icons/build.sh puts in the jar: the window's ({@link #WINDOW_SIZE}) and the About dialog's. */
public final class AppIcons {
    static final int[] SIZES = {32, 64, 128};
    /**
     * The one size JavaFX gives the window system: its {@code WindowStage.setIcons} takes the icon closest to 32x32 on
     * Windows and to 128x128 elsewhere, scales it to that and drops the rest (OpenJFX, com.sun.javafx.tk.quantum,
     * JavaFX 17 to 21). Handing it every size only decodes six PNGs nobody sees: about 50 ms of each start's FX thread.
     */
    static final int WINDOW_SIZE = System.getProperty("os.name", "").toLowerCase(Locale.ROOT).startsWith("windows") ? 32 : 128;

    private AppIcons() {
    }

    /**
     * Holds the window icon, decoded by JavaFX's own image loader on its thread ({@code Image} with background
     * loading), so the first window's FX thread does not wait for it: about 20 ms of interpreted PNG decoding at a start.
     */
    private static final class Window {
        static final Image ICON = new Image(url(WINDOW_SIZE), true);
    }

    /**
     * Gives {@code stage} the window icon ({@link #WINDOW_SIZE}, one image shared by every window): at once when it is
     * decoded, else as soon as it is (the first window shows without it for those few milliseconds). A failed decode
     * leaves the stage without an icon, which only the window system's list of windows shows. Call on the FX thread.
     *
     * @param stage the window
     */
    public static void setOn(Stage stage) {
        Image icon = Window.ICON;
        if (icon.getProgress() < 1) {
            // Image sets its pixels before its progress reaches 1, on the FX thread (javafx.scene.image.Image.finishImage)
            icon.progressProperty().addListener(new ChangeListener<>() {
                @Override
                public void changed(ObservableValue<? extends Number> o, Number was, Number now) {
                    if (now.doubleValue() >= 1) {
                        o.removeListener(this);
                        setOn(stage);
                    }
                }
            });
        } else if (!icon.isError()) {
            stage.getIcons().setAll(icon);
        }
    }

    /**
     * The mark at {@code size} pixels, decoded from the jar each call.
     *
     * @param size one of {@link #SIZES}
     * @return the image
     * @throws IllegalStateException when the jar has no icon of that size
     */
    public static Image of(int size) {
        return new Image(url(size));
    }

    /** The jar URL of the mark at {@code size} pixels; IllegalStateException when the jar has none. */
    private static String url(int size) {
        String name = "/org/mailwright/ui/icons/mailwright-" + size + ".png";
        java.net.URL url = AppIcons.class.getResource(name);
        if (url == null) {
            throw new IllegalStateException("missing from the jar: " + name + " (icons/build.sh makes it)");
        }
        return url.toExternalForm();
    }
}
