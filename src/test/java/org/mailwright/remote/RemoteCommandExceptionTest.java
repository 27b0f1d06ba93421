package org.mailwright.remote;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** A failed command's message is what a finding shows: the shell's own prefix is no part of it. */
class RemoteCommandExceptionTest {

    @Test
    void theShellsPrefixIsLeftOutAndAMissingCommandIsSaid() {
        RemoteCommandException e = new RemoteCommandException(new CommandResult("ufw status", 127, "", "bash: line 1: ufw: command not found\n"));

        assertThat(e.getMessage()).doesNotContain("bash:", "line 1").contains("ufw is not installed on the server");
    }

    @Test
    void dashsPrefixToo() {
        assertThat(RemoteCommandException.readable("sh: 1: swaks: not found")).isEqualTo("swaks is not installed on the server (command not found)");
        assertThat(RemoteCommandException.readable("cat: /etc/x: No such file or directory")).isEqualTo("cat: /etc/x: No such file or directory");
    }
}
