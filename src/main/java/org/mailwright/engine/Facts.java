package org.mailwright.engine;

import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What steps learned about the server during one run (the Debian release, the public interface, ...), keyed by
 * type so a later step asks for exactly what an earlier one stored.
 */
public final class Facts {
    private final Map<Class<?>, Object> values = new ConcurrentHashMap<>();

    public <T> void put(Class<T> type, T value) {
        values.put(type, type.cast(value));
    }

    public <T> Optional<T> get(Class<T> type) {
        return Optional.ofNullable(type.cast(values.get(type)));
    }

    public void remove(Class<?> type) {
        values.remove(type);
    }

    /** A fact a step cannot go on without: its absence means the steps ran out of order. */
    public <T> T require(Class<T> type) {
        return get(type).orElseThrow(() -> new IllegalStateException(
                type.getSimpleName() + " is not known yet: the step that reads it has not run"));
    }
}
