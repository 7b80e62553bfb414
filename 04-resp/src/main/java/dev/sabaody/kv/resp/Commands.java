package dev.sabaody.kv.resp;

/**
 * The command tables of module 04. Adding a command is one new class and one line here.
 *
 * <p>{@link #connection} registers the commands that work on any database type; module 05 calls it
 * for its own table and then adds its data commands, so the handshake of every later module is this
 * one.
 */
public final class Commands {

    private Commands() {
    }

    /** PING, ECHO, QUIT, HELLO, AUTH, TIME, ROLE, SELECT, CLIENT, COMMAND: what a client needs before any data. */
    public static <D> CommandTable<D> connection(CommandTable<D> table) {
        return table
                .add(Ping.<D>spec())
                .add(Echo.<D>spec())
                .add(Quit.<D>spec())
                .add(Hello.<D>spec())
                .add(Auth.<D>spec())
                .add(Time.<D>spec())
                .add(Role.<D>spec())
                .add(Select.<D>spec())
                .add(ClientCommand.<D>spec())
                .add(CommandCommand.<D>spec());
    }

    /** Module 04's table: the connection commands and four string commands over {@link SimpleDb}. */
    public static CommandTable<SimpleDb> module04() {
        return connection(new CommandTable<SimpleDb>())
                .add(Get.<SimpleDb>spec(new Get()))
                .add(Set.<SimpleDb>spec(new Set()))
                .add(Del.<SimpleDb>spec(new Del()))
                .add(Exists.<SimpleDb>spec(new Exists()));
    }
}
