package org.mailwright.remote;

/** Receives a running command's output as it arrives, one line at a time, without its line terminator. */
@FunctionalInterface
public interface OutputListener {
    OutputListener NONE = (stream, line) -> {
    };

    enum Stream { STDOUT, STDERR }

    void line(Stream stream, String line);
}
