package dev.sabaody.kv.resp;

import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.STRING;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.resp.CommandDoc.Arg;

/**
 * SET key value: stores the value and answers {@code +OK}. Key and value are copied out of the input
 * buffer here, because they outlive the request. Module 05 adds the options (EX, PX, NX, XX, GET,
 * KEEPTTL); here any option is a syntax error, as an unknown option is in Redis.
 */
public final class Set implements Command<SimpleDb> {

    private static final java.util.Set<KeySpec.Flag> WITH_GET = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE));
    private static final java.util.Set<KeySpec.Flag> WITHOUT_GET = java.util.Collections.unmodifiableSet(
            java.util.EnumSet.of(KeySpec.Flag.OW, KeySpec.Flag.UPDATE));

    /**
     * The key and its flags for one SET line, as setGetKeys (db.c) gives them: read and written with
     * GET among the options, only overwritten without.
     */
    static boolean keys(Argv argv, CommandSpec.KeyVisitor visitor) {
        for (int i = 3; i < argv.argc(); i++) {
            if (argv.equalsIgnoreCase(i, "get")) {
                return visitor.key(1, WITH_GET);
            }
        }
        return visitor.key(1, WITHOUT_GET);
    }

    /**
     * The command's row of the table, run by {@code implementation}: module 04's own here, module 05's
     * over its keyspace. A later module gives SET a new implementation, never a copy of this row.
     */
    public static <D> CommandSpec.Builder<D> spec(Command<? super D> implementation) {
        return CommandSpec.<D>command("set", -3, implementation)
                .logged(LoggedForm.SET_WITH_EXPIRY)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, STRING, SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.ACCESS, KeySpec.Flag.UPDATE,
                        KeySpec.Flag.VARIABLE_FLAGS).withNotes("RW and ACCESS due to the optional `GET` argument"))
                .keysProcedure(Set::keys)
                .doc(CommandDoc.of("Set the string value of a key", "1.0.0", "string", "O(1)",
                                Arg.key("key", 0),
                                Arg.of("value", "string"),
                                Arg.oneOf("condition", Arg.token("nx", "NX"), Arg.token("xx", "XX"))
                                        .since("2.6.12").optional(),
                                Arg.token("get", "GET").since("6.2.0").optional(),
                                Arg.oneOf("expiration",
                                        Arg.of("seconds", "integer").withToken("EX").since("2.6.12"),
                                        Arg.of("milliseconds", "integer").withToken("PX").since("2.6.12"),
                                        Arg.of("unix-time-seconds", "unix-time").withToken("EXAT").since("6.2.0"),
                                        Arg.of("unix-time-milliseconds", "unix-time").withToken("PXAT").since("6.2.0"),
                                        Arg.token("keepttl", "KEEPTTL").since("6.0.0")).optional())
                        .withHistory(
                                "2.6.12", "Added the `EX`, `PX`, `NX` and `XX` options.",
                                "6.0.0", "Added the `KEEPTTL` option.",
                                "6.2.0", "Added the `GET`, `EXAT` and `PXAT` option.",
                                "7.0.0", "Allowed the `NX` and `GET` options to be used together."));
    }

    @Override
    public void execute(CommandContext<? extends SimpleDb> ctx) {
        Argv argv = ctx.argv();
        if (argv.argc() > 3) {
            ctx.replySyntaxError();
            return;
        }
        ctx.db().set(Bytes.wrap(argv.copy(1)), argv.copy(2));
        ctx.reply().ok();
    }
}
