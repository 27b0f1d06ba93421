package org.mailwright.engine.steps;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.mailwright.engine.upgrade.SwitchSources;

/** The upgrade removes the backports source the Packages step writes: the two names must stay one. */
class UpgradeSourcesNameTest {
    @Test
    void theUpgradeKnowsTheBackportsFileThePackagesStepWrites() {
        assertThat(SwitchSources.MAILWRIGHT_BACKPORTS).isEqualTo(Packages.BACKPORTS_FILE);
    }
}
