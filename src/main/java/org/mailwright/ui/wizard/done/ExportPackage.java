package org.mailwright.ui.wizard.done;

import java.io.IOException;
import java.nio.file.Path;
import org.mailwright.model.ServerSpec;

/**
 * SEAM: writes the client-settings package (Thunderbird autoconfig, Apple mobileconfig, Outlook autodiscover, zone
 * file) for a finished setup. The export formats are built elsewhere (org.mailwright.export); wire that in where the
 * wizard is assembled (MailwrightApp) by passing an implementation instead of {@link #NOT_WIRED}.
 */
@FunctionalInterface
public interface ExportPackage {
    ExportPackage NOT_WIRED = null;

    void exportTo(Path directory, ServerSpec spec) throws IOException;
}
