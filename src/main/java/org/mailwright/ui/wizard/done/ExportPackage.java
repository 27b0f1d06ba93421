package org.mailwright.ui.wizard.done;

import java.io.IOException;
import java.nio.file.Path;
import org.mailwright.model.ServerSpec;

/**
 * Writes the client-settings package (text, HTML, Thunderbird autoconfig, Apple mobileconfig, Outlook autodiscover)
 * for a finished setup. MailwrightApp passes org.mailwright.export's exporter; tests pass a fake or {@link #NOT_WIRED}.
 */
@FunctionalInterface
public interface ExportPackage {
    ExportPackage NOT_WIRED = null;

    void exportTo(Path directory, ServerSpec spec) throws IOException;
}
