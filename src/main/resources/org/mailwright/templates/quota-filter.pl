#!/usr/bin/perl
# {{header}}
#
# Mailwright's OpenSMTPD filter for port 25 (smtpd.conf: filter quota proc-exec "{{path}}"): at each
# RCPT TO it asks Dovecot's quota-status service (Postfix policy protocol, 127.0.0.1:{{port}}) whether the mailbox
# has room, and refuses the recipient with Dovecot's answer ("{{over_quota}}") when it has not, so the
# sending server is told at once instead of smtpd queueing mail that LMTP will refuse.
#
# Usage: {{path}} [PORT]   (PORT only for tests; the default is the service's port above)
#
# It fails open: if the service is not answering, answers late (about 2 s at most), or says anything but a 4xx or 5xx
# reply, the recipient is accepted and Dovecot's own check at delivery still applies. It never exits on bad input,
# since smtpd stops when one of its filters dies; it exits only when smtpd closes its standard input.
#
# Protocol (OpenSMTPD 7.4 and 7.6 both speak filter protocol 0.7, lka_filter.c PROTOCOL_VERSION; smtpd-filters(7)):
#   in:  config|...  then config|ready          out: register|filter|smtp-in|rcpt-to, register|ready
#   in:  filter|0.7|TIME|smtp-in|rcpt-to|SESSION|TOKEN|ADDRESS
#   out: filter-result|SESSION|TOKEN|proceed     or  filter-result|SESSION|TOKEN|reject|452 4.2.2 ...
# Before protocol 0.5 the answer carried TOKEN before SESSION (filter-rspamd's produceOutput keeps both orders).
# smtpd stops on a result line it cannot parse, and turns a reject text that is not "[2-5]NN text" into a 421 that
# ends the whole session (lka_filter.c lka_filter_process_response, smtp_session.c, util.c valid_smtp_response):
# only a well-formed 4xx or 5xx other than 421 is passed on. Requests are answered as their replies come in, so one
# slow query does not hold up other sessions (smtpd-filters(7): filters must not block).
#
# Only modules of perl-base (Essential on Debian 12 and 13) are used.
use strict;
use warnings;
use Errno qw(EINPROGRESS EAGAIN EWOULDBLOCK EINTR);
use Fcntl qw(F_GETFL F_SETFL O_NONBLOCK);
use IO::Handle;
use IO::Select;
use Socket qw(AF_INET SOCK_STREAM SOL_SOCKET SO_ERROR inet_aton pack_sockaddr_in);

my $PORT = (@ARGV && $ARGV[0] =~ /\A[0-9]{1,5}\z/) ? $ARGV[0] : {{port}};
# time() has whole seconds only (Time::HiRes is not in perl-base): a deadline of now + 2 ends a query after 1 to 2 s
my $WAIT_SECONDS = 2;
my $MAX_ANSWER = 8192;

# a policy service that closes early must not kill the filter with SIGPIPE
$SIG{PIPE} = 'IGNORE';
STDOUT->autoflush(1);
STDERR->autoflush(1);
nonblocking(\*STDIN);

my %queries;    # by the socket's file number: {sock, session, token, order, deadline, out, in, connected}
my $input = '';

while (1) {
    my $readers = IO::Select->new(\*STDIN);
    my $writers = IO::Select->new();
    for my $q (values %queries) {
        if (length $q->{out}) {
            $writers->add($q->{sock});
        } else {
            $readers->add($q->{sock});
        }
    }
    my ($r, $w) = IO::Select->select($readers, $writers, undef, %queries ? 0.25 : undef);
    for my $fh (@{ $w || [] }) {
        guarded(sub { send_query($fh) }, $fh);
    }
    for my $fh (@{ $r || [] }) {
        if (fileno($fh) == fileno(STDIN)) {
            read_smtpd();
        } else {
            guarded(sub { read_answer($fh) }, $fh);
        }
    }
    my $now = time;
    for my $q (values %queries) {
        if ($now >= $q->{deadline}) {
            warn_line("no answer from quota-status on 127.0.0.1:$PORT in time, accepting $q->{session}");
            finish($q, 'proceed');
        }
    }
}

# Reads what smtpd wrote and handles every whole line; smtpd closing the pipe is the only way out.
sub read_smtpd {
    my $n = sysread(STDIN, $input, 65536, length $input);
    if (!defined $n) {
        return if $! == EAGAIN || $! == EWOULDBLOCK || $! == EINTR;
        exit 0;
    }
    exit 0 if $n == 0;
    while ($input =~ s/\A([^\n]*)\n//) {
        my $line = $1;
        eval { handle_line($line); 1 } or warn_line("ignored a line it could not handle: $@");
    }
    # a line that never ends would grow without bound; smtpd's lines are far shorter
    $input = '' if length $input > 1_000_000;
}

sub handle_line {
    my ($line) = @_;
    $line =~ s/\r\z//;
    if ($line eq 'config|ready') {
        print "register|filter|smtp-in|rcpt-to\nregister|ready\n" or exit 0;
        return;
    }
    return unless $line =~ /\Afilter\|/;
    # the address is the last field and may itself hold "|" (smtpd-filters(7))
    my @f = split /\|/, $line, 8;
    return unless @f >= 7;
    my ($version, $phase, $session, $token) = @f[1, 4, 5, 6];
    # anything else could not be echoed back without smtpd stopping on it
    return unless $session =~ /\A[0-9a-fA-F]{1,16}\z/ && $token =~ /\A[0-9a-fA-F]{1,16}\z/;
    my $order = ($version =~ /\A0\.([0-9]+)/ && $1 < 5) ? 'token-first' : 'session-first';
    my $q = { session => $session, token => $token, order => $order };
    my $rcpt = defined $f[7] ? $f[7] : '';
    # only rcpt-to is registered; a data-line request must never get a filter-result (smtpd stops on it)
    return if $phase eq 'data-line';
    if ($phase ne 'rcpt-to' || $rcpt eq '' || $rcpt =~ /[\x00-\x1f\x7f]/) {
        answer($q, 'proceed');
        return;
    }
    ask($q, $rcpt);
}

# Starts a query to the quota-status service without waiting for it; a connection refused at once is answered at once.
sub ask {
    my ($q, $rcpt) = @_;
    my $sock;
    if (!socket($sock, AF_INET, SOCK_STREAM, 0)) {
        warn_line("cannot make a socket ($!), accepting $q->{session}");
        answer($q, 'proceed');
        return;
    }
    nonblocking($sock);
    if (!connect($sock, pack_sockaddr_in($PORT, inet_aton('127.0.0.1'))) && $! != EINPROGRESS && $! != EAGAIN) {
        warn_line("quota-status on 127.0.0.1:$PORT: $!, accepting $q->{session}");
        close $sock;
        answer($q, 'proceed');
        return;
    }
    # the size is not known at RCPT: 0 asks whether the mailbox is already full (Dovecot's documented Postfix setup)
    $q->{out} = "request=smtpd_access_policy\nprotocol_state=RCPT\nprotocol_name=SMTP\nrecipient=$rcpt\nsize=0\n\n";
    $q->{in} = '';
    $q->{sock} = $sock;
    $q->{connected} = 0;
    $q->{deadline} = time + $WAIT_SECONDS;
    $queries{ fileno $sock } = $q;
}

sub send_query {
    my ($fh) = @_;
    my $q = $queries{ fileno $fh } or return;
    if (!$q->{connected}) {
        my $err = unpack('i', getsockopt($fh, SOL_SOCKET, SO_ERROR) || pack('i', 0));
        if ($err) {
            local $! = $err;
            warn_line("quota-status on 127.0.0.1:$PORT: $!, accepting $q->{session}");
            finish($q, 'proceed');
            return;
        }
        $q->{connected} = 1;
    }
    my $n = syswrite($fh, $q->{out});
    if (!defined $n) {
        return if $! == EAGAIN || $! == EWOULDBLOCK || $! == EINTR;
        warn_line("quota-status on 127.0.0.1:$PORT: $!, accepting $q->{session}");
        finish($q, 'proceed');
        return;
    }
    substr($q->{out}, 0, $n) = '';
}

# Reads the service's answer up to its empty line (or the end of the connection) and decides.
sub read_answer {
    my ($fh) = @_;
    my $q = $queries{ fileno $fh } or return;
    my $n = sysread($fh, $q->{in}, 4096, length $q->{in});
    if (!defined $n) {
        return if $! == EAGAIN || $! == EWOULDBLOCK || $! == EINTR;
        warn_line("quota-status on 127.0.0.1:$PORT: $!, accepting $q->{session}");
        finish($q, 'proceed');
        return;
    }
    my $whole = $q->{in} =~ /\n\r?\n/;
    return if $n > 0 && !$whole && length $q->{in} < $MAX_ANSWER;
    finish($q, decision($q->{in}));
}

# The filter's decision for a policy answer: reject with the service's code and text for a 4xx or 5xx, else proceed.
sub decision {
    my ($answer) = @_;
    return 'proceed' unless $answer =~ /^action=([^\r\n]*)/m;
    my $action = $1;
    $action =~ s/[^\x20-\x7e]//g;
    $action =~ s/\s+\z//;
    return 'proceed' unless $action =~ /\A([45][0-9][0-9]) (\S.*)\z/;
    # smtpd ends the whole session on a 421, and other recipients of the mail may have room
    return 'proceed' if $1 eq '421';
    return "reject|$1 $2";
}

sub finish {
    my ($q, $result) = @_;
    delete $queries{ fileno $q->{sock} };
    close $q->{sock};
    answer($q, $result);
}

sub answer {
    my ($q, $result) = @_;
    my @ids = $q->{order} eq 'token-first' ? ($q->{token}, $q->{session}) : ($q->{session}, $q->{token});
    print "filter-result|$ids[0]|$ids[1]|$result\n" or exit 0;
}

# Runs one step of a query; if it fails in a way not foreseen, the recipient is accepted rather than left waiting.
sub guarded {
    my ($step, $fh) = @_;
    return if eval { $step->(); 1 };
    my $error = $@;
    my $q = $queries{ fileno $fh } or return;
    warn_line("query failed ($error), accepting $q->{session}");
    eval { finish($q, 'proceed'); 1 };
}

sub nonblocking {
    my ($fh) = @_;
    my $flags = fcntl($fh, F_GETFL, 0) or return;
    fcntl($fh, F_SETFL, $flags | O_NONBLOCK);
}

# smtpd logs each line its filters write to standard error
sub warn_line {
    my ($text) = @_;
    $text =~ s/[\r\n]+/ /g;
    print STDERR "$text\n";
}
