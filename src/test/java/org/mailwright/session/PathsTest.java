package org.mailwright.session;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.mailwright.remote.LocalPaths;

/** The XDG base directories and ~ expansion, written once in LocalPaths and used by both drivers through Paths. */
class PathsTest {

    @Test
    void configAndStateFollowXdgVariables() {
        LocalPaths p = new LocalPaths(Map.of("XDG_CONFIG_HOME", "/cfg", "XDG_STATE_HOME", "/st")::get, "/home/ann");
        assertThat(p.configDir()).isEqualTo(Path.of("/cfg/mailwright"));
        assertThat(p.stateDir()).isEqualTo(Path.of("/st/mailwright"));
    }

    @Test
    void unsetEmptyOrRelativeVariablesFallBackToTheHomeDirectory() {
        LocalPaths unset = new LocalPaths(name -> null, "/home/ann");
        assertThat(unset.configDir()).isEqualTo(Path.of("/home/ann/.config/mailwright"));
        assertThat(unset.stateDir()).isEqualTo(Path.of("/home/ann/.local/state/mailwright"));
        LocalPaths odd = new LocalPaths(Map.of("XDG_CONFIG_HOME", "", "XDG_STATE_HOME", "relative/dir")::get, "/home/ann");
        assertThat(odd.configDir()).isEqualTo(Path.of("/home/ann/.config/mailwright"));
        assertThat(odd.stateDir()).as("the basedir spec says a relative path is invalid").isEqualTo(Path.of("/home/ann/.local/state/mailwright"));
    }

    @Test
    void tildeIsExpandedOnlyAtTheStartAndTheHomeIsTakenLiterally() {
        LocalPaths p = new LocalPaths(name -> null, "/home/a$1\\b");
        assertThat(p.expandHome("~/.ssh/id")).isEqualTo("/home/a$1\\b/.ssh/id");
        assertThat(p.expandHome("~")).isEqualTo("/home/a$1\\b");
        assertThat(p.expandHome("/etc/~x")).isEqualTo("/etc/~x");
        assertThat(p.expandHome("~other/x")).isEqualTo("~other/x");
    }

    @Test
    void theDriversSeeTheSameDirectories() {
        assertThat(Paths.config("known_hosts")).isEqualTo(LocalPaths.SYSTEM.configDir().resolve("known_hosts"));
        assertThat(Paths.state("transcripts", "x.log")).isEqualTo(LocalPaths.SYSTEM.stateDir().resolve("transcripts").resolve("x.log"));
    }
}
