package org.mailwright.ui;

import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import javafx.scene.image.Image;

/** Mailwright's mark at the sizes icons/build.sh puts in the jar; the window system picks the one it needs. */
public final class AppIcons {
    static final int[] SIZES = {16, 24, 32, 48, 64, 128, 256};

    private AppIcons() {
    }

    /** Every size, for {@code Stage.getIcons()}. */
    public static List<Image> all() {
        List<Image> icons = new ArrayList<>();
        for (int size : SIZES) {
            icons.add(of(size));
        }
        return icons;
    }

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
