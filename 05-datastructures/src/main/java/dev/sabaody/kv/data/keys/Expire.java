package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.FAST;
import static dev.sabaody.kv.resp.AclCategory.KEYSPACE;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.LoggedForm;
import dev.sabaody.kv.resp.KeySpec;

/**
 * EXPIRE, PEXPIRE, EXPIREAT and PEXPIREAT key time [NX | XX | GT | LT] (expire.c
 * expireGenericCommand): one implementation, told the unit and whether the time is relative.
 *
 * <p>Every time is turned into an absolute Unix time in milliseconds, the only form a key keeps
 * ({@link Entry#expireAt}). The order of the checks is Redis's, because it decides which error a
 * client sees when several things are wrong: options first, then the number, then overflow, and
 * only then the key. The conditions, Redis 7's:
 * <ul>
 *   <li>NX: only if the key has no TTL; XX: only if it has one;
 *   <li>GT: only if the new time is later; no TTL counts as infinite, so GT never applies to it;
 *   <li>LT: only if the new time is earlier; no TTL counts as infinite, so LT always applies to it.
 * </ul>
 * A time already past deletes the key and still answers 1: the key did get its expiry, at once.
 */
final class Expire implements Command<Db> {

    /** server.h EXPIRE_NX ... EXPIRE_LT: the condition flags. */
    static final int EXPIRE_NX = 1;
    static final int EXPIRE_XX = 1 << 1;
    static final int EXPIRE_GT = 1 << 2;
    static final int EXPIRE_LT = 1 << 3;

    private final boolean seconds;
    private final boolean absolute;

    private Expire(boolean seconds, boolean absolute) {
        this.seconds = seconds;
        this.absolute = absolute;
    }

    static CommandSpec.Builder<Db> expire() {
        return spec("expire", new Expire(true, false), "Set a key's time to live in seconds", "1.0.0",
                Arg.of("seconds", "integer"));
    }

    static CommandSpec.Builder<Db> pexpire() {
        return spec("pexpire", new Expire(false, false), "Set a key's time to live in milliseconds", "2.6.0",
                Arg.of("milliseconds", "integer"));
    }

    static CommandSpec.Builder<Db> expireat() {
        return spec("expireat", new Expire(true, true), "Set the expiration for a key as a UNIX timestamp", "1.2.0",
                Arg.of("unix-time-seconds", "unix-time"));
    }

    static CommandSpec.Builder<Db> pexpireat() {
        return spec("pexpireat", new Expire(false, true),
                "Set the expiration for a key as a UNIX timestamp specified in milliseconds", "2.6.0",
                Arg.of("unix-time-milliseconds", "unix-time"));
    }

    private static CommandSpec.Builder<Db> spec(String name, Expire impl, String summary, String since, Arg time) {
        return CommandSpec.<Db>command(name, -3, impl)
                .logged(LoggedForm.ABSOLUTE_EXPIRY)
                .flags(CommandFlag.WRITE, CommandFlag.FAST)
                .acl(KEYSPACE, WRITE, FAST)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of(summary, since, "generic", "O(1)", Arg.key("key", 0), time,
                                Arg.oneOf("condition", Arg.token("nx", "NX"), Arg.token("xx", "XX"),
                                        Arg.token("gt", "GT"), Arg.token("lt", "LT")).since("7.0.0").optional())
                        .withHistory("7.0.0", "Added options: `NX`, `XX`, `GT` and `LT`."));
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        int flags = parseConditions(ctx);
        if (flags < 0) {
            return;
        }
        if (!argv.parseLong(2)) {
            ctx.reply().error(Values.NOT_INTEGER);
            return;
        }
        Db db = ctx.db();
        long now = db.keyspace().now();
        long when = argv.parsedLong();
        if (seconds) {
            // EXPIRE takes negative numbers; only an overflow of the conversion is refused.
            if (when > Long.MAX_VALUE / 1000 || when < Long.MIN_VALUE / 1000) {
                replyInvalidTime(ctx);
                return;
            }
            when *= 1000;
        }
        long base = absolute ? 0 : now;
        if (when > Long.MAX_VALUE - base) {
            replyInvalidTime(ctx);
            return;
        }
        when += base;

        Entry e = db.lookup(argv, 1);
        if (e == null) {
            ctx.reply().integer(0);
            return;
        }
        if (flags != 0 && !conditionHolds(flags, e.expireAt(), when)) {
            ctx.reply().integer(0);
            return;
        }
        if (when <= now) {
            db.deleteEntry(e); // checkAlreadyExpired: the key goes now, as a DEL would take it
            db.notify(KeyspaceEvents.GENERIC, "del", e.key);
        } else {
            db.setExpire(e, when);
            db.notify(KeyspaceEvents.GENERIC, "expire", e.key);
        }
        ctx.reply().integer(1);
    }

    /** Whether NX/XX/GT/LT let a key whose expiry is {@code current} (-1: none) take {@code when}. */
    static boolean conditionHolds(int flags, long current, long when) {
        if ((flags & EXPIRE_NX) != 0 && current != -1) {
            return false;
        }
        if ((flags & EXPIRE_XX) != 0 && current == -1) {
            return false;
        }
        if ((flags & EXPIRE_GT) != 0 && (current == -1 || when <= current)) {
            return false;
        }
        return (flags & EXPIRE_LT) == 0 || current == -1 || when < current;
    }

    /**
     * parseExtendedExpireArgumentsOrReply: the condition words after the time, or -1 after writing
     * the error. An unknown word is named in the error; NX excludes the three others, GT excludes LT.
     */
    static int parseConditions(CommandContext<?> ctx) {
        Argv argv = ctx.argv();
        int flags = 0;
        for (int i = 3; i < argv.argc(); i++) {
            if (argv.equalsIgnoreCase(i, "nx")) {
                flags |= EXPIRE_NX;
            } else if (argv.equalsIgnoreCase(i, "xx")) {
                flags |= EXPIRE_XX;
            } else if (argv.equalsIgnoreCase(i, "gt")) {
                flags |= EXPIRE_GT;
            } else if (argv.equalsIgnoreCase(i, "lt")) {
                flags |= EXPIRE_LT;
            } else {
                ctx.reply().error("Unsupported option " + KeyArgs.cString(argv, i));
                return -1;
            }
        }
        if ((flags & EXPIRE_NX) != 0 && (flags & (EXPIRE_XX | EXPIRE_GT | EXPIRE_LT)) != 0) {
            ctx.reply().error("NX and XX, GT or LT options at the same time are not compatible");
            return -1;
        }
        if ((flags & EXPIRE_GT) != 0 && (flags & EXPIRE_LT) != 0) {
            ctx.reply().error("GT and LT options at the same time are not compatible");
            return -1;
        }
        return flags;
    }

    /** addReplyErrorExpireTime: names the command as it was registered. */
    private static void replyInvalidTime(CommandContext<?> ctx) {
        ctx.reply().error("invalid expire time in '" + ctx.command().fullName() + "' command");
    }
}
