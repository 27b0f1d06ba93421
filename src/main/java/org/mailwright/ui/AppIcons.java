package org.mailwright.ui;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Locale;
import javafx.scene.image.Image;

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

    /** Holds the decoded window icon: every window shares the one image, decoded the first time a window asks. */
    private static final class Window {
        static final List<Image> ICONS = List.of(of(WINDOW_SIZE));
    }

    /**
     * The icons for {@code Stage.getIcons()}: the one size JavaFX uses on this platform ({@link #WINDOW_SIZE}), decoded
     * once per process and shared by every window.
     *
     * @return an immutable list of one image
     */
    public static List<Image> window() {
        return Window.ICONS;
    }

    /**
     * The mark at {@code size} pixels, decoded from the jar each call.
     *
     * @param size one of {@link #SIZES}
     * @return the image
     * @throws IllegalStateException when the jar has no icon of that size
     */
    public static Image of(int size) {
        String name = "/org/mailwright/ui/icons/mailwright-" + size + ".png";
        try (InputStream in = AppIcons.class.getResourceAsStream(name)) {
            if (in == null) {
                throw new IllegalStateException("missing from the jar: " + name + " (icons/build.sh makes it)");
            }
            return new Image(in);
        } catch (java.io.IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
