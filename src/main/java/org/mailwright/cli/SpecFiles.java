package org.mailwright.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.CharacterCodingException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Optional;
import org.mailwright.model.ServerSpec;
import org.mailwright.spec.SpecException;
import org.mailwright.spec.SpecReader;

/** Reads the spec file a command was given; every way it can be unusable is told to the person in one sentence. */
final class SpecFiles {
    private SpecFiles() {
    }

    /** The spec, or empty after printing why not (the caller exits with BAD_INPUT). */
    static Optional<ServerSpec> read(Path specFile, PrintWriter err) {
        try {
            return Optional.of(SpecReader.read(Files.readString(specFile)));
        } catch (NoSuchFileException e) {
            err.println("No spec file at " + specFile);
        } catch (CharacterCodingException e) {
            err.println(specFile + " is not UTF-8 text: save the spec as UTF-8 (domains and addresses are ASCII anyway).");
        } catch (IOException e) {
            err.println("Cannot read " + specFile + ": " + e.getMessage());
        } catch (SpecException e) {
            err.println(specFile + ": " + e.getMessage());
        }
        return Optional.empty();
    }
}
