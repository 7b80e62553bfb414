package dev.sabaody.kv.resp;

/**
 * A command that runs at once even between MULTI and EXEC, where every other command is queued:
 * MULTI, EXEC, DISCARD, WATCH, QUIT (and RESET). Redis decides this in processCommand by comparing
 * the command's implementation with those few functions, not by name; the type of the
 * implementation says it here.
 */
@FunctionalInterface
public interface TransactionControl<D> extends Command<D> {
}
