package org.mailwright.ui;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import javafx.application.Platform;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeEachCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Watches the JavaFX Application Thread while a UI test runs and fails the test when the thread was held in one go for
 * more than {@link #THRESHOLD_MILLIS} ms by work that belongs off it ("the GUI stays responsive while a thousand-row
 * table loads or a long step runs").
 *
 * <p>How it watches: a daemon sampler posts a {@link Platform#runLater} ping, waits for it to run, and posts the next.
 * A ping that has waited {@value #SAMPLE_AFTER_MILLIS} ms means the FX thread is busy, and from then on the sampler
 * takes the FX thread's stack every {@value #SAMPLE_MILLIS} ms or so. A ping answered after more than
 * {@value #THRESHOLD_MILLIS} ms is a {@link Stall}, kept with its samples.
 *
 * <p>The rule, and why: only a stall whose samples put the FX thread in <em>app blocking</em> at least
 * {@value #MIN_BLAMED_SAMPLES} times fails the test ({@link #blame}). App blocking is the current event's frames
 * (those above the innermost glass event loop, so a nested loop's caller does not count) holding either
 * <ul>
 *   <li>Mailwright code that can take long: the session, engine, remote, accounts, facts and dns packages, and the
 *       test fakes that stand in for them ({@code Fake*} classes), or</li>
 *   <li>a blocking call (sleep, wait/park, socket, file or process I/O, bcrypt, key generation, hashing) reached from
 *       {@code org.mailwright} code with no JavaFX frame between: {@code Scene.snapshot} waiting for the render
 *       thread, or the first control reading modena.css, is JavaFX's own wait, not the app's. (So an image loaded
 *       synchronously through JavaFX is not caught either.) A file read by the class loader is the JVM warming up,
 *       not the app's I/O, and does not count.</li>
 * </ul>
 * Every other stall is reported as seen but does not fail: on two shared cores under Monocle, JavaFX's own first layout
 * and CSS pass, JIT warm-up, class loading and GC pause the thread well past 50 ms, and the app cannot fix those, while
 * it can always move blocking work onto {@link UiExecutor#submit}. Several samples are asked for, not one, so that a
 * short engine call that happens to be on top when a GC pause ends is not blamed for the pause.
 *
 * <p>Use it as an extension registered <em>before</em> TestFX's, so that the {@code @Start} method is watched too:
 * {@code @ExtendWith({FxThreadWatch.class, ApplicationExtension.class})}; or by hand with {@link #start()} and
 * {@link Sampler#stop()}.
 */
public final class FxThreadWatch implements BeforeEachCallback, AfterEachCallback {
    /** The longest the FX thread may be held by app blocking work in one go. */
    public static final long THRESHOLD_MILLIS = 50;
    /** How often the sampler looks (the JDK may wake it later on a loaded machine). */
    static final long SAMPLE_MILLIS = 5;
    /** A ping this old means the FX thread is busy: its stack is worth taking. */
    static final long SAMPLE_AFTER_MILLIS = 10;
    /** How many samples of one stall must show app blocking before it fails the test. */
    static final int MIN_BLAMED_SAMPLES = 3;

    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(FxThreadWatch.class);

    /** Starts watching; {@link Sampler#stop()} ends it and gives what was seen. */
    public static Sampler start() {
        Sampler s = new Sampler();
        s.thread.start();
        return s;
    }

    @Override
    public void beforeEach(ExtensionContext context) {
        context.getStore(NS).put(Sampler.class, start());
    }

    @Override
    public void afterEach(ExtensionContext context) {
        Sampler s = context.getStore(NS).remove(Sampler.class, Sampler.class);
        if (s != null) {
            s.stop().assertNoAppBlocking();
        }
    }

    /**
     * One time the FX thread did not answer a ping for more than the threshold.
     *
     * @param millis  how long the ping waited: at least how long the thread was held
     * @param samples the FX thread's stacks taken meanwhile, oldest first
     */
    public record Stall(long millis, List<StackTraceElement[]> samples) {
        /** Why this stall is the app's fault (its first blamed sample's reason), or empty when it is not. */
        public Optional<String> blame() {
            long blamed = samples.stream().filter(s -> FxThreadWatch.blame(s).isPresent()).count();
            if (blamed < MIN_BLAMED_SAMPLES) {
                return Optional.empty();
            }
            return samples.stream().map(FxThreadWatch::blame).flatMap(Optional::stream).findFirst()
                    .map(why -> why + " in " + blamed + " of " + samples.size() + " samples");
        }

        /** The duration, the reason and the first blamed sample's stack (the current event's frames). */
        public String describe() {
            StackTraceElement[] stack = samples.stream().filter(s -> FxThreadWatch.blame(s).isPresent()).findFirst()
                    .orElse(samples.isEmpty() ? new StackTraceElement[0] : samples.get(0));
            return "FX thread held " + millis + " ms" + blame().map(b -> ": " + b).orElse(" (JavaFX's own work)") + "\n"
                    + Arrays.stream(currentEvent(stack)).limit(60).map(f -> "\tat " + f).collect(Collectors.joining("\n"));
        }
    }

    /** What a watch saw: every stall, blamed or not. */
    public record Report(List<Stall> stalls) {
        public List<Stall> blamed() {
            return stalls.stream().filter(s -> s.blame().isPresent()).toList();
        }

        /** @throws AssertionError naming each blamed stall's duration and stack */
        public void assertNoAppBlocking() {
            List<Stall> blamed = blamed();
            if (!blamed.isEmpty()) {
                throw new AssertionError("blocking work on the JavaFX thread (" + blamed.size() + " stall"
                        + (blamed.size() == 1 ? "" : "s") + " over " + THRESHOLD_MILLIS + " ms); move it onto UiExecutor.submit:\n"
                        + blamed.stream().map(Stall::describe).collect(Collectors.joining("\n\n")));
            }
        }

        public long longestMillis() {
            return stalls.stream().mapToLong(Stall::millis).max().orElse(0);
        }
    }

    /** The sampler thread; {@link #stop()} once. */
    public static final class Sampler {
        private final Thread thread = new Thread(this::run, "fx-thread-watch");
        private final List<Stall> stalls = new ArrayList<>();
        private volatile boolean running = true;
        private volatile Thread fx;
        private volatile long answered;
        private long sent;
        private long sentAt;
        /** The last ping whose stall (if it was one) is in {@link #stalls}. */
        private long closed;
        private List<StackTraceElement[]> samples = new ArrayList<>();

        private Sampler() {
            thread.setDaemon(true);
            // above the FX thread's priority, so that a busy FX thread does not starve its own watch on two cores
            thread.setPriority(Thread.MAX_PRIORITY);
        }

        private void run() {
            // found by name too, not only by the first ping's answer: a test's @Start holds the thread before that
            fx = Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("JavaFX Application Thread"))
                    .findFirst().orElse(null);
            while (running) {
                long now = System.nanoTime();
                if (sent == answered) {
                    ping(now);
                } else {
                    long waited = TimeUnit.NANOSECONDS.toMillis(now - sentAt);
                    Thread t = fx;
                    if (waited >= SAMPLE_AFTER_MILLIS && t != null) {
                        samples.add(t.getStackTrace());
                    }
                }
                try {
                    Thread.sleep(SAMPLE_MILLIS);
                } catch (InterruptedException e) {
                    return;
                }
            }
        }

        /** Closes the last ping's stall if it was one, and posts the next ping. */
        private void ping(long now) {
            if (sent > closed) {
                closed = sent;
                long took = TimeUnit.NANOSECONDS.toMillis(answeredAt - sentAt);
                if (took > THRESHOLD_MILLIS) {
                    synchronized (stalls) {
                        stalls.add(new Stall(took, List.copyOf(samples)));
                    }
                }
            }
            samples = new ArrayList<>();
            long seq = sent + 1;
            try {
                Platform.runLater(() -> {
                    fx = Thread.currentThread();
                    answeredAt = System.nanoTime();
                    answered = seq;
                });
            } catch (IllegalStateException notStarted) {
                return; // no toolkit yet (or any more): nothing to watch
            }
            sent = seq;
            sentAt = now;
        }

        private volatile long answeredAt;

        /** Stops sampling; a ping still unanswered past the threshold counts as a stall still going on. */
        public Report stop() {
            running = false;
            thread.interrupt();
            try {
                thread.join(2000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            List<Stall> all;
            synchronized (stalls) {
                all = new ArrayList<>(stalls);
            }
            if (sent != answered) {
                long waited = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - sentAt);
                if (waited > THRESHOLD_MILLIS) {
                    all.add(new Stall(waited, List.copyOf(samples)));
                }
            } else if (sent > closed && TimeUnit.NANOSECONDS.toMillis(answeredAt - sentAt) > THRESHOLD_MILLIS) {
                all.add(new Stall(TimeUnit.NANOSECONDS.toMillis(answeredAt - sentAt), List.copyOf(samples)));
            }
            return new Report(List.copyOf(all));
        }
    }

    // ---- the rule

    private static final List<String> SLOW_PACKAGES = List.of("session", "engine", "remote", "accounts", "facts", "dns")
            .stream().map(p -> "org.mailwright." + p + ".").toList();

    /** Frames of calls that wait or do I/O or heavy crypto: {@code class prefix#method prefix}, method empty for any. */
    private static final List<String[]> BLOCKING = List.of(
            new String[] {"java.lang.Thread", "sleep"}, new String[] {"java.lang.Thread", "join"},
            new String[] {"java.lang.Object", "wait"}, new String[] {"jdk.internal.misc.Unsafe", "park"},
            new String[] {"java.util.concurrent.locks.LockSupport", "park"},
            new String[] {"java.util.concurrent.CompletableFuture", "get"}, new String[] {"java.util.concurrent.CompletableFuture", "join"},
            new String[] {"java.util.concurrent.FutureTask", "get"}, new String[] {"java.util.concurrent.CountDownLatch", "await"},
            new String[] {"java.lang.Process", ""}, new String[] {"java.lang.ProcessImpl", ""},
            new String[] {"java.lang.ProcessHandleImpl", ""}, new String[] {"java.lang.ProcessBuilder", "start"},
            new String[] {"java.net.", ""}, new String[] {"sun.nio.ch.", ""}, new String[] {"javax.net.", ""},
            new String[] {"sun.security.ssl.", ""}, new String[] {"net.schmizz.", ""}, new String[] {"com.hierynomus.", ""},
            new String[] {"org.apache.sshd.", ""}, new String[] {"org.xbill.DNS.", ""},
            new String[] {"java.io.FileInputStream", ""}, new String[] {"java.io.FileOutputStream", ""},
            new String[] {"java.io.RandomAccessFile", ""}, new String[] {"java.io.UnixFileSystem", ""},
            new String[] {"java.io.WinNTFileSystem", ""}, new String[] {"java.nio.file.Files", ""}, new String[] {"sun.nio.fs.", ""},
            new String[] {"java.nio.channels.FileChannel", ""},
            new String[] {"org.bouncycastle.crypto.generators.OpenBSDBCrypt", ""}, new String[] {"org.bouncycastle.crypto.generators.BCrypt", ""},
            new String[] {"java.security.KeyPairGenerator", ""}, new String[] {"sun.security.rsa.RSAKeyPairGenerator", ""},
            new String[] {"sun.security.ec.", ""}, new String[] {"java.security.MessageDigest", ""},
            new String[] {"java.security.SecureRandom", "generateSeed"});

    /**
     * Why the FX thread, in this stack, is doing work that belongs off it; empty when it is not (JavaFX's own work, an
     * idle or nested event loop, class loading, or quick UI code).
     *
     * @param stack the FX thread's stack, innermost frame first ({@link Thread#getStackTrace()})
     */
    public static Optional<String> blame(StackTraceElement[] stack) {
        StackTraceElement blocking = null;
        boolean loadingClasses = false;
        for (StackTraceElement f : currentEvent(stack)) {
            String c = f.getClassName();
            if (c.startsWith("org.mailwright.") && !c.equals(FxThreadWatch.class.getName())
                    && !c.startsWith(FxThreadWatch.class.getName() + "$")) {
                if (SLOW_PACKAGES.stream().anyMatch(c::startsWith) || simpleName(c).startsWith("Fake")) {
                    return Optional.of("Mailwright's " + c.substring("org.mailwright.".length(), c.lastIndexOf('.')) + " code (" + name(f) + ")");
                }
                if (blocking != null && !loadingClasses) {
                    return Optional.of("blocking call " + blocking.getClassName() + "." + blocking.getMethodName() + " reached from " + name(f));
                }
            } else if (c.startsWith("java.lang.ClassLoader") || c.startsWith("jdk.internal.loader.")
                    || c.equals("java.lang.Class") && f.getMethodName().startsWith("forName")) {
                // reading a class file is the JVM warming up, not the app's I/O
                loadingClasses = true;
            } else if (c.startsWith("javafx.") || c.startsWith("com.sun.javafx.") || c.startsWith("com.sun.glass.")
                    || c.startsWith("com.sun.prism.")) {
                // JavaFX's own waits and reads (a snapshot waiting for the render thread, a window hidden under the
                // render lock, modena.css read when the first control is made) are JavaFX's, not the app's
                blocking = null;
            } else if (blocking == null && isBlocking(f)) {
                blocking = f;
            }
        }
        return Optional.empty();
    }

    private static String name(StackTraceElement f) {
        return f.getClassName() + "." + f.getMethodName();
    }

    private static String simpleName(String className) {
        String s = className.substring(className.lastIndexOf('.') + 1);
        return s.contains("$") ? s.substring(0, s.indexOf('$')) : s;
    }

    private static boolean isBlocking(StackTraceElement f) {
        for (String[] b : BLOCKING) {
            if (f.getClassName().startsWith(b[0]) && f.getMethodName().startsWith(b[1])) {
                return true;
            }
        }
        return false;
    }

    /**
     * The frames of the event the thread is handling: those above the innermost glass event loop. Below it are the
     * loop itself and, in a nested loop ({@code showAndWait}), the caller that is waiting for a dialog, which is not
     * holding the thread.
     */
    static StackTraceElement[] currentEvent(StackTraceElement[] stack) {
        for (int i = 0; i < stack.length; i++) {
            String c = stack[i].getClassName();
            String m = stack[i].getMethodName();
            if (c.startsWith("com.sun.glass.ui.") && (m.contains("EventLoop") || m.contains("runLoop") || c.endsWith("EventLoop"))) {
                return Arrays.copyOf(stack, i);
            }
        }
        return stack;
    }
}
