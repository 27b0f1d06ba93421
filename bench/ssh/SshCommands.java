import java.nio.file.Files;
import java.nio.file.Path;
import org.mailwright.remote.Auth;
import org.mailwright.remote.Command;
import org.mailwright.remote.HostKeyStore;
import org.mailwright.remote.SshRemoteHost;
import org.mailwright.remote.SshTarget;

/**
 * Runs one short command N times through Mailwright's SSH layer ({@link SshRemoteHost}, one connection) and prints
 * the milliseconds per command, for bench/ssh-commands.sh. Arguments: HOST KEY_FILE N COMMAND.
 */
public class SshCommands {
    public static void main(String[] args) throws Exception {
        Path knownHosts = Files.createTempFile("mailwright-bench-known-hosts", "");
        int n = Integer.parseInt(args[2]);
        try (SshRemoteHost host = SshRemoteHost.connect(new SshTarget(args[0], 22, "root", Auth.keyFile(Path.of(args[1]))),
                // a lab droplet made for this run, its key in a throw-away file: trusting it unasked is safe here
                new HostKeyStore(knownHosts), key -> true)) {
            host.exec(Command.script(args[3])).orThrow(); // a warm-up, left out of the timing (class loading, JIT)
            long start = System.nanoTime();
            for (int i = 0; i < n; i++) {
                host.exec(Command.script(args[3])).orThrow();
            }
            System.out.printf("%.2f%n", (System.nanoTime() - start) / 1e6 / n);
        } finally {
            Files.deleteIfExists(knownHosts);
        }
    }
}
