package dev.sabaody.kv.memory;

import static dev.sabaody.kv.resp.AclCategory.READ;
import static dev.sabaody.kv.resp.AclCategory.SLOW;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.CommandTable;
import dev.sabaody.kv.resp.KeySpec;

/**
 * MEMORY USAGE key [SAMPLES count] and MEMORY HELP (object.c memoryCommand): what one key costs, in
 * bytes, from the same accounting that {@code maxmemory} is compared with: the entry, the key and
 * the value as this JVM lays them out ({@link Db#bytesOf}).
 *
 * <p>Redis samples the elements of a large aggregate ({@code SAMPLES}, default 5) and extrapolates,
 * because it has no running total. Every value here keeps its own size as it changes, so the answer
 * is exact and O(1) whatever SAMPLES says; the option is still parsed and checked as Redis does
 * (a negative count is a syntax error, 0 means all).
 *
 * <p>Like Redis's dbFind, the key is looked up without expiring it and without touching its clock:
 * asking what a key costs is not using it.
 */
public final class MemoryCommand {

    private MemoryCommand() {
    }

    /** Registers MEMORY with its USAGE and HELP subcommands. */
    public static CommandTable<Db> register(CommandTable<Db> table) {
        return table.add(spec());
    }

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>container("memory", -2)
                .acl(SLOW)
                .doc(CommandDoc.of("A container for memory diagnostics commands", "4.0.0", "server",
                        "Depends on subcommand."))
                .subcommand(usageSpec())
                .subcommand(CommandSpec.<Db>command("help", 2, MemoryCommand::help)
                        .flags(CommandFlag.LOADING, CommandFlag.STALE)
                        .acl(SLOW)
                        .doc(CommandDoc.of("Show helpful text about the different subcommands", "4.0.0", "server",
                                "O(1)")));
    }

    /**
     * MEMORY USAGE alone, for a server whose MEMORY container has more subcommands (final-server's
     * STATS, DOCTOR...): the same accounting answers it.
     */
    public static CommandSpec.Builder<Db> usageSpec() {
        return CommandSpec.<Db>command("usage", -3, MemoryCommand::usage)
                .flags(CommandFlag.READONLY)
                .acl(READ, SLOW)
                .keys(KeySpec.range(2, 0, 1, KeySpec.Flag.RO))
                .doc(CommandDoc.of("Estimate the memory usage of a key", "4.0.0", "server",
                        "O(N) where N is the number of samples.", Arg.key("key", 0),
                        Arg.of("count", "integer").withToken("SAMPLES").optional()));
    }

    private static void usage(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        for (int j = 3; j < argv.argc(); j++) {
            if (argv.equalsIgnoreCase(j, "samples") && j + 1 < argv.argc()) {
                if (!argv.parseLong(j + 1)) {
                    ctx.reply().error("value is not an integer or out of range");
                    return;
                }
                if (argv.parsedLong() < 0) {
                    ctx.replySyntaxError();
                    return;
                }
                j++;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }
        Entry e = ctx.db().peek(argv.copy(2));
        if (e == null) {
            ctx.reply().nullBulk();
            return;
        }
        ctx.reply().integer(Db.bytesOf(e));
    }

    /** MEMORY HELP, Redis's text (final-server's MEMORY answers it too). */
    public static void help(CommandContext<? extends Db> ctx) {
        ctx.replyHelp("MEMORY",
                "DOCTOR",
                "    Return memory problems reports.",
                "MALLOC-STATS",
                "    Return internal statistics report from the memory allocator.",
                "PURGE",
                "    Attempt to purge dirty pages for reclamation by the allocator.",
                "STATS",
                "    Return information about the memory usage of the server.",
                "USAGE <key> [SAMPLES <count>]",
                "    Return memory in bytes used by <key> and its value. Nested values are",
                "    sampled up to <count> times (default: 5, 0 means sample all).");
    }
}
