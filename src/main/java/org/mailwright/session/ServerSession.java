package org.mailwright.session;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.mailwright.engine.RunListener;
import org.mailwright.engine.RunReport;
import org.mailwright.engine.Runner;
import org.mailwright.model.Finding;
import org.mailwright.model.ServerSpec;

/**
 * The one front door to a server, for the window and the command line alike: log in, run the mail steps in a mode,
 * check DNS, work with the mail tables. An interface so the wizard can be walked against a fake; the real one is
 * {@link SshSession}. Every method but {@link #dnsSetup} blocks on the network: call it off the UI thread.
 */
public interface ServerSession extends AutoCloseable {

    /**
     * Logs in (asking {@code question} about an unknown host key, on the SSH thread) and runs only the preflight step
     * in CHECK mode. A previous login of this session is closed first.
     *
     * @throws SessionException unreachable, refused login, unknown key not trusted, or a changed host key
     *                          ({@link SessionException#hostKeyChanged()}): in that case nothing was sent
     */
    Connected connect(Login login, HostKeyQuestion question);

    /**
     * Runs every mail step for {@code spec} in {@code mode} on the connected server: PLAN only reads, APPLY changes
     * what differs, CHECK verifies. Failures of a step become ERROR findings in the report, not exceptions.
     *
     * @throws SessionException when not connected
     */
    RunReport run(Runner.Mode mode, ServerSpec spec, RunListener listener, Cancellation cancel);

    /**
     * The DNS records {@code spec} needs on the server {@code connected} describes, with the DKIM keys known so far;
     * reads nothing from the network.
     */
    default DnsSetup dnsSetup(ServerSpec spec, Connected connected) {
        return DnsSetup.plan(spec, connected.facts(), dkimPublicKeys());
    }

    /**
     * Every record the connected server needs, for each domain it serves (the spec's and those added on the server), with
     * the DKIM keys on the server: what {@code dns show} prints and {@code dns publish} publishes. Reads the server only.
     *
     * @throws SessionException when not connected, or the server cannot be read
     * @throws IllegalArgumentException when the spec's host name or domains are not DNS names
     */
    default DnsSetup dnsRecords(ServerSpec spec) {
        throw new SessionException("This session cannot read the server's DNS records.");
    }

    /** Checks the published records against {@code setup}, from this computer; empty when nothing is planned. */
    List<Finding> checkDns(DnsSetup setup);

    /** Each domain's DKIM public key (PEM body), once an install made or read the keys; empty before. */
    Map<String, String> dkimPublicKeys();

    /**
     * The mail tables of the connected server: the engine the users, aliases and domains commands drive.
     *
     * @param dkim selector and key size for the DKIM key of a domain added later
     * @throws SessionException when not connected
     */
    Mailboxes mailboxes(ServerSpec.DkimSettings dkim);

    /**
     * {@code mailwright backup}: makes sure the server backs itself up (restic, its repository and password, the daily
     * timer), makes a snapshot now when {@code snapshot}, then copies the repository's new files to {@code copyTo}
     * on this computer when given. Each of these is a step in the report, with the Backups finding of the last one.
     *
     * @throws SessionException when not connected
     */
    default RunReport backup(ServerSpec spec, boolean snapshot, java.util.Optional<Path> copyTo, RunListener listener, Cancellation cancel) {
        return backup(spec, snapshot, copyTo, Map.of(), listener, cancel);
    }

    /**
     * {@link #backup(ServerSpec, boolean, java.util.Optional, RunListener, Cancellation)}, first writing the offsite
     * repository's credentials ({@code offsiteEnv}: variable names to values, such as {@code AWS_ACCESS_KEY_ID}) to the
     * server when not empty.
     *
     * @throws SessionException when not connected
     */
    default RunReport backup(ServerSpec spec, boolean snapshot, java.util.Optional<Path> copyTo, Map<String, String> offsiteEnv,
                             RunListener listener, Cancellation cancel) {
        throw new SessionException("This session cannot make backups.");
    }

    /**
     * {@code mailwright upgrade}: takes the connected Debian 12 server to Debian 13 in place: checks first (space, held
     * packages, other apt sources), a snapshot of the mail (copied to {@code copyTo} on this computer when given),
     * Debian's sources switched to trixie, every package upgraded, then the Debian 13 configuration and the full checks.
     * A run cut anywhere goes on where it stopped when started again; a server already on Debian 13 only gets its
     * configuration and checks. Failures are ERROR findings saying where it stopped and how to finish or restore.
     *
     * @throws SessionException when not connected
     */
    default RunReport upgrade(ServerSpec spec, java.util.Optional<Path> copyTo, RunListener listener, Cancellation cancel) {
        throw new SessionException("This session cannot upgrade servers.");
    }

    /**
     * {@code mailwright restore}: puts a backup made by {@link #backup} onto the connected (fresh) server: the
     * repository, the identity (DKIM keys, certificate, accounts and passwords), the set-up of a normal apply, the mail
     * with its IMAP UIDs and flags, then the checks. Refused (an ERROR finding, nothing changed) when the server has
     * mail and the request does not merge, or when the password is wrong. Safe to run again after a cut.
     *
     * @throws SessionException when not connected
     */
    default RunReport restore(ServerSpec spec, org.mailwright.engine.backup.RestoreRequest request, RunListener listener, Cancellation cancel) {
        throw new SessionException("This session cannot restore backups.");
    }

    /**
     * The recovery sheet of the connected server: its backup password (read from the server), where its backups are
     * ({@code copies}: folders on this computer, added to the server's repository and the spec's offsite one), and
     * {@code spec}. Holds a secret: show it, save it readable by its owner only, and drop it.
     *
     * @throws SessionException when not connected or the server's backups are not set up yet (run apply or backup)
     */
    default org.mailwright.export.RecoverySheet recoverySheet(ServerSpec spec, List<Path> copies) {
        throw new SessionException("This session has no recovery sheet.");
    }

    /**
     * The dashboard's status of the connected server ({@code mailwright status}): the server's own checks (services,
     * disk, memory, updates, certificate, ports, backups, SSH; the same script the alert timer runs) and the checks
     * from this computer (TLS on each listening port, DNS records, PTR and FCrDNS, DNSSEC, blocklists, outbound port
     * 25), all in parallel. A check whose prerequisite failed is skipped, not run. Reads only; changes nothing.
     *
     * @param progress called with each check as it finishes, on a worker thread, in no particular order
     * @throws SessionException when not connected
     */
    default org.mailwright.engine.status.ServerStatus status(ServerSpec spec,
            java.util.function.Consumer<org.mailwright.engine.status.StatusCheck> progress, Cancellation cancel) {
        throw new SessionException("This session cannot read a server's status.");
    }

    /**
     * What OpenSMTPD holds in its queue on the connected server ({@code smtpctl show queue}), oldest first, each with
     * its last error in plain words.
     *
     * @throws SessionException when not connected or smtpd does not answer
     */
    default List<org.mailwright.engine.queue.QueuedEnvelope> queue() {
        throw new SessionException("This session cannot read the mail queue.");
    }

    /**
     * Asks OpenSMTPD to try delivering an envelope now ({@code smtpctl schedule ID}).
     *
     * @param envelopeId 16 hex digits, as {@link #queue()} lists it
     * @throws IllegalArgumentException when {@code envelopeId} is not 16 hex digits (nothing is sent)
     * @throws SessionException when not connected or smtpd refuses (the envelope is gone)
     */
    default void retryQueued(String envelopeId) {
        throw new SessionException("This session cannot change the mail queue.");
    }

    /**
     * Removes an envelope from the queue for good ({@code smtpctl remove ID}): that recipient does not get the message
     * and the sender is not told.
     *
     * @param envelopeId 16 hex digits, as {@link #queue()} lists it
     * @throws IllegalArgumentException when {@code envelopeId} is not 16 hex digits (nothing is sent)
     * @throws SessionException when not connected or smtpd refuses (the envelope is gone)
     */
    default void removeQueued(String envelopeId) {
        throw new SessionException("This session cannot change the mail queue.");
    }

    /**
     * The addresses the brute-force protection (fail2ban) bans now on the connected server, each with its jail and
     * when the ban ends.
     *
     * @throws SessionException when not connected, or fail2ban is not installed or does not answer
     */
    default List<org.mailwright.engine.bans.Ban> bans() {
        throw new SessionException("This session cannot read the bans.");
    }

    /**
     * Lifts every ban of {@code address} ({@code fail2ban-client unban}), in every jail and in fail2ban's database, so
     * a reboot does not bring it back.
     *
     * @param address one IPv4 or IPv6 address (checked before anything is sent)
     * @return how many jails had banned it; 0 when none had
     * @throws IllegalArgumentException when {@code address} is not an IP address
     * @throws SessionException when not connected or fail2ban does not answer
     */
    default int unban(String address) {
        throw new SessionException("This session cannot lift bans.");
    }

    /**
     * Where the mail from or to {@code address} went: each message's path through the connected server, read from the
     * journal of OpenSMTPD, rspamd and Dovecot, newest message first.
     *
     * @param address an email address (checked before anything is sent)
     * @param day     only that day (server time) when given; else the last 7 days
     * @throws IllegalArgumentException when {@code address} is not an email address
     * @throws SessionException when not connected
     */
    default List<org.mailwright.engine.trail.MessageTrail> trail(String address, java.util.Optional<java.time.LocalDate> day) {
        throw new SessionException("This session cannot read the server's journal.");
    }

    /**
     * Whether the login still stands: false before {@link #connect}, after {@link #close()}, and once the connection
     * dropped (the server rebooted, the network went away), when every call would fail until the next connect.
     */
    default boolean loggedIn() {
        return true;
    }

    /**
     * Writes what was sent to the server so far (secrets redacted) to {@code file}, creating its directory.
     *
     * @throws IOException when the file cannot be written
     */
    void saveTranscript(Path file) throws IOException;

    /** Ends the login and wipes its secrets; safe to call more than once. */
    @Override
    void close();
}
