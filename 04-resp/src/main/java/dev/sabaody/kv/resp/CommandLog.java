package dev.sabaody.kv.resp;

/**
 * What a server writes down about the commands that change its data: final-server's append-only
 * file. {@link CommandSpec#run} tells it before and after every command it runs, nested ones
 * included (EXEC's queued commands, a script's calls), so the log sees each change where it is made,
 * as Redis's {@code call()} propagates what a command did. Module 04 logs nothing (no log installed).
 */
public interface CommandLog {

    /** Before the command of {@code ctx} runs: a mark {@link #after} compares (the data's change count). */
    long before(CommandContext<?> ctx);

    /** After it ran: {@code failed} when it answered an error. */
    void after(CommandContext<?> ctx, long mark, boolean failed);
}
