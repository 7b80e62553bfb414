package dev.sabaody.kv.resp;

/**
 * What a command does. One class per command (or per small family), registered in the
 * {@link CommandTable} with its {@link CommandSpec}.
 *
 * <p>{@code D} is the type of one database: module 04's {@link SimpleDb}, module 05's keyspace.
 * Commands that never touch a database (PING, HELLO) implement {@code Command<Object>} and work in
 * every module unchanged; commands on data name the database type they need.
 *
 * <p>By the time {@code execute} runs, the dispatcher has checked that the command exists and has
 * the right number of arguments; the command checks the rest and writes exactly one reply.
 */
@FunctionalInterface
public interface Command<D> {

    void execute(CommandContext<? extends D> ctx);
}
