package org.mailwright.ui;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.function.Consumer;

/**
 * The one way work leaves and re-enters the UI thread (JabRef's BackgroundTask/UiTaskExecutor, Bisq's UIThread).
 * Remote work (SSH, DNS) runs on one background thread, so two commands never race on the one SSH session, and its
 * results come back on the UI thread. Page models only talk to this interface, so tests run them with
 * {@link #sameThread()} and no JavaFX toolkit.
 */
public interface UiExecutor {

    /** Runs {@code work} off the UI thread; exactly one of the callbacks then runs on the UI thread. */
    <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure);

    /** Runs {@code r} on the UI thread, later (or now, when already on it and the executor is synchronous). */
    void onUi(Runnable r);

    /**
     * Runs {@code question} on the UI thread and waits for its answer. For callbacks a library makes on its own
     * thread that must block until a person answers (sshj's host-key check).
     */
    <T> T askOnUi(Callable<T> question);

    /** Runs {@code work} off the UI thread every {@code period}, first after one period, until the handle is cancelled. */
    Repeating every(Duration period, Runnable work);

    /** Stops the background thread; queued work is dropped. */
    void shutdown();

    /** A handle to stop repeated work. */
    interface Repeating {
        void cancel();
    }

    /** Everything runs on the caller's thread at once; repeated work never runs (tests trigger it by hand). */
    static UiExecutor sameThread() {
        return new UiExecutor() {
            @Override
            public <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
                T result;
                try {
                    result = work.call();
                } catch (Exception | Error e) {
                    onFailure.accept(e);
                    return;
                }
                onSuccess.accept(result);
            }

            @Override
            public void onUi(Runnable r) {
                r.run();
            }

            @Override
            public <T> T askOnUi(Callable<T> question) {
                try {
                    return question.call();
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            }

            @Override
            public Repeating every(Duration period, Runnable work) {
                return () -> {
                };
            }

            @Override
            public void shutdown() {
            }
        };
    }
}
