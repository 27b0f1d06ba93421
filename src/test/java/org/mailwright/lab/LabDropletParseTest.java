package org.mailwright.lab;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** No droplet needed: how the fixture reads lab/droplet's output. */
class LabDropletParseTest {

    @Test
    void readsTrailingKeyValueLinesAndIgnoresTheRest() {
        String out = "Get:1 http://deb.debian.org bookworm InRelease\n"
                + "NAME=mw-trixie\nHOST=10.200.3.2\nROOT_PASSWORD=ab=cd\nDNS=10.200.3.1:53\n"
                + "ACME_DIR=https://10.200.3.1:14000/dir\n";
        var env = LabDroplet.parse(out);
        assertThat(env).containsEntry("NAME", "mw-trixie").containsEntry("HOST", "10.200.3.2")
                .containsEntry("ROOT_PASSWORD", "ab=cd").containsEntry("ACME_DIR", "https://10.200.3.1:14000/dir")
                .doesNotContainKey("Get:1 http");
    }

    @Test
    void suitesDefaultToBothReleases() {
        String saved = System.getProperty("lab.suites");
        try {
            System.clearProperty("lab.suites");
            assertThat(LabDroplet.suites()).containsExactly("bookworm", "trixie");
            System.setProperty("lab.suites", " trixie ,");
            assertThat(LabDroplet.suites()).containsExactly("trixie");
        } finally {
            if (saved != null) {
                System.setProperty("lab.suites", saved);
            } else {
                System.clearProperty("lab.suites");
            }
        }
    }
}
