package org.mailwright.ui;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;
import javafx.application.Platform;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JavaFX {@link UiExecutor}: one daemon background thread for all remote work, and the only place in Mailwright
 * that calls {@link Platform#runLater}.
 */
public final class FxUiExecutor implements UiExecutor {
    /** The logger, made on first use: see CrashReporter's (logback's set-up stays off the window's start). */
    private static final class Log {
        static final Logger LOG = LoggerFactory.getLogger(FxUiExecutor.class);
    }

    private final ScheduledExecutorService background;

    public FxUiExecutor() {
        ScheduledThreadPoolExecutor pool = new ScheduledThreadPoolExecutor(1, r -> {
            Thread t = new Thread(r, "mailwright-background");
            t.setDaemon(true); // closing the window must end the app even if a remote command hangs
            return t;
        });
        pool.setRemoveOnCancelPolicy(true);
        this.background = pool;
    }

    @Override
    public <T> void submit(Callable<T> work, Consumer<T> onSuccess, Consumer<Throwable> onFailure) {
        background.execute(() -> {
            try {
                T result = work.call();
                Platform.runLater(() -> onSuccess.accept(result));
            } catch (Exception | Error e) {
                Log.LOG.debug("background work failed", e);
                Platform.runLater(() -> onFailure.accept(e));
            }
        });
    }

    @Override
    public void onUi(Runnable r) {
        Platform.runLater(r);
    }

    @Override
    public <T> T askOnUi(Callable<T> question) {
        try {
            if (Platform.isFxApplicationThread()) {
                return question.call();
            }
            CompletableFuture<T> answer = new CompletableFuture<>();
            Platform.runLater(() -> {
                try {
                    answer.complete(question.call());
                } catch (Exception | Error e) {
                    answer.completeExceptionally(e);
                }
            });
            return answer.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while waiting for an answer", e);
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    @Override
    public Repeating every(Duration period, Runnable work) {
        ScheduledFuture<?> f = background.scheduleWithFixedDelay(() -> {
            try {
                work.run();
            } catch (RuntimeException e) {
                Log.LOG.warn("repeated background work failed", e); // keep repeating: the next round may work
            }
        }, period.toMillis(), period.toMillis(), TimeUnit.MILLISECONDS);
        return () -> f.cancel(false);
    }

    @Override
    public void shutdown() {
        background.shutdownNow();
    }
}
