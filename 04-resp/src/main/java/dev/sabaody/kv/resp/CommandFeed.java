package dev.sabaody.kv.resp;

/**
 * Told of every command once it has run, on the thread that ran it: what Redis's {@code call()}
 * does after the command's function returns (feeding MONITOR clients, for one). Installed on the
 * {@link CommandTable} only while someone listens, so that the cost per command is a null check
 * when nobody does.
 */
@FunctionalInterface
public interface CommandFeed {

    /**
     * {@code ctx}'s command has just run: its arguments, client and redactions
     * ({@link CommandContext#redacted}) are still valid. Runs on a loop or the coordinator: it must
     * be quick and must not block.
     */
    void executed(CommandContext<?> ctx);
}
