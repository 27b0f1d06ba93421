package org.mailwright.remote;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * An in-memory server for unit tests: files with mode and owner, and commands answered by rules the test gives
 * (first matching prefix wins; unknown commands fail with exit 127 so a test cannot pass by accident).
 * {@code stat -c '%a %U %G'}, {@code cp -p} and {@code rm -f} are understood, as the engine's file handling uses them.
 */
public final class FakeRemoteHost implements RemoteHost {

    public record FakeFile(byte[] content, int mode, String owner, String group) {
    }

    private final Map<String, FakeFile> files = new LinkedHashMap<>();
    private final Map<String, Function<Command, CommandResult>> rules = new LinkedHashMap<>();
    private final List<String> executed = new ArrayList<>();
    private final List<String> uploads = new ArrayList<>();
    private final Transcript transcript = new Transcript();
    private int backups;
    private int uploadCalls;
    private int roundTrips;
    private boolean batching;

    public FakeRemoteHost file(String path, String content, int mode, String owner, String group) {
        files.put(path, new FakeFile(content.getBytes(StandardCharsets.UTF_8), mode, owner, group));
        return this;
    }

    public FakeRemoteHost on(String prefix, int exit, String stdout) {
        rules.put(prefix, c -> new CommandResult(c.line(), exit, stdout, exit == 0 ? "" : stdout));
        return this;
    }

    public FakeRemoteHost on(String prefix, Function<Command, CommandResult> answer) {
        rules.put(prefix, answer);
        return this;
    }

    public Optional<String> content(String path) {
        return Optional.ofNullable(files.get(path)).map(f -> new String(f.content(), StandardCharsets.UTF_8));
    }

    /** Every file's path, in the order they were made. */
    public List<String> paths() {
        return List.copyOf(files.keySet());
    }

    public Optional<FakeFile> fileAt(String path) {
        return Optional.ofNullable(files.get(path));
    }

    public List<String> executed() {
        return List.copyOf(executed);
    }

    public List<String> uploads() {
        return List.copyOf(uploads);
    }

    @Override
    public CommandResult exec(Command command, OutputListener listener, Duration timeout, Cancel cancel) {
        count();
        cancel.check();
        String line = command.line();
        executed.add(line);
        transcript.exec(command);
        CommandResult result = builtin(command).orElseGet(() -> rules.entrySet().stream()
                .filter(e -> line.startsWith(e.getKey())).findFirst()
                .map(e -> e.getValue().apply(command))
                .orElse(new CommandResult(line, 127, "", "fake host: no rule for `" + line + "`")));
        result.stdout().lines().forEach(l -> listener.line(OutputListener.Stream.STDOUT, l));
        result.stderr().lines().forEach(l -> listener.line(OutputListener.Stream.STDERR, l));
        return result;
    }

    private Optional<CommandResult> builtin(Command c) {
        String[] w = c.line().split(" ");
        if (c.line().startsWith("stat -c '%a %U %G' -- ")) {
            FakeFile f = files.get(w[w.length - 1]);
            return Optional.of(f == null ? new CommandResult(c.line(), 1, "", "No such file")
                    : new CommandResult(c.line(), 0, Integer.toOctalString(f.mode()) + " " + f.owner() + " " + f.group() + "\n", ""));
        }
        if (c.line().startsWith("cp -p -- ")) {
            files.put(w[w.length - 1], files.get(w[w.length - 2]));
            return Optional.of(new CommandResult(c.line(), 0, "", ""));
        }
        if (c.line().startsWith("rm -f -- ")) {
            for (int i = 3; i < w.length; i++) {
                files.remove(w[i]);
            }
            return Optional.of(new CommandResult(c.line(), 0, "", ""));
        }
        return Optional.empty();
    }

    @Override
    public Optional<byte[]> read(String path) {
        count();
        return Optional.ofNullable(files.get(path)).map(f -> f.content().clone());
    }

    @Override
    public void uploadAtomic(String path, byte[] content, int mode, String owner, String group) {
        files.put(path, new FakeFile(content.clone(), mode, owner, group));
        uploads.add(path);
        uploadCalls++;
        count();
        transcript.upload(path, content.length, mode, owner, group);
    }

    /** One call, as one round trip on a real host: counted once by {@link #uploadCalls()} and {@link #roundTrips()}. */
    @Override
    public void uploadAtomic(List<Upload> files) {
        if (files.isEmpty()) {
            return;
        }
        batch(() -> files.forEach(f -> uploadAtomic(f.path(), f.content(), f.mode(), f.owner(), f.group())));
        uploadCalls -= files.size() - 1;
    }

    /** One call, as one round trip on a real host ({@link SshRemoteHost#readAll}). */
    @Override
    public java.util.Map<String, Optional<FileRead>> readAll(List<String> paths) {
        java.util.Map<String, Optional<FileRead>> out = new java.util.LinkedHashMap<>();
        batch(() -> paths.forEach(p -> out.put(p, Optional.ofNullable(files.get(p))
                .map(f -> new FileRead(f.content().clone(), f.mode(), f.owner(), f.group())))));
        return out;
    }

    private void batch(Runnable work) {
        count();
        batching = true;
        try {
            work.run();
        } finally {
            batching = false;
        }
    }

    private void count() {
        if (!batching) {
            roundTrips++;
        }
    }

    /**
     * How many round trips a real host would have made: each command, read, backup and upload once, and a batch
     * ({@link #readAll}, {@link #uploadAtomic(List)}) once for all its files.
     */
    public int roundTrips() {
        return roundTrips;
    }

    /** How many upload calls were made: a batch of files counts once, as it costs one round trip on a real host. */
    public int uploadCalls() {
        return uploadCalls;
    }

    @Override
    public Optional<String> backup(String path) {
        count();
        FakeFile f = files.get(path);
        if (f == null) {
            return Optional.empty();
        }
        String copy = path + ".mailwright-backup-" + (++backups);
        files.put(copy, f);
        transcript.backup(path, copy);
        return Optional.of(copy);
    }

    @Override
    public String describe() {
        return "root@fake:22";
    }

    @Override
    public Transcript transcript() {
        return transcript;
    }

    @Override
    public void close() {
    }
}
