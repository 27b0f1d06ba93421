package org.mailwright.engine.mailboxes;

/**
 * A table changed on the server between reading it and writing the staged change (someone else edited it, or an
 * apply ran): writing now would silently undo their change, so nothing was written.
 */
public final class StaleDataException extends RuntimeException {
    private final String path;

    public StaleDataException(String path) {
        super(path + " changed on the server since it was read; reload and try again (nothing was written)");
        this.path = path;
    }

    public String path() {
        return path;
    }
}
