package dev.sabaody.kv.data.keys;

import static dev.sabaody.kv.resp.AclCategory.DANGEROUS;
import static dev.sabaody.kv.resp.AclCategory.LIST;
import static dev.sabaody.kv.resp.AclCategory.SET;
import static dev.sabaody.kv.resp.AclCategory.SLOW;
import static dev.sabaody.kv.resp.AclCategory.SORTEDSET;
import static dev.sabaody.kv.resp.AclCategory.WRITE;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.resp.Command;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;
import java.util.EnumSet;
import java.util.List;

/**
 * SORT key [BY pattern] [LIMIT offset count] [GET pattern ...] [ASC|DESC] [ALPHA] [STORE destination]:
 * the elements of a list, set or sorted set, sorted by themselves or by the keys a pattern names,
 * answered or stored as a list ({@link Sorting} does the work, SORT_RO shares it).
 *
 * <h2>Its keys</h2>
 * Redis 7.0 gives SORT three key specs: the source key (argument 1), an "unknown" one for the keys
 * BY and GET patterns read (they are made from the values sorted), and an "unknown" one for STORE,
 * whose keyword may sit anywhere, even as a GET pattern. Module 04's key specs have no "unknown"
 * search, so here STORE's spec is a keyword search from the end (the last STORE wins, as it does
 * in SORT), flagged {@code incomplete} since a pattern spelled "store" can fool it, and the
 * pattern keys are not declared; the command is "movablekeys" as in Redis. COMMAND INFO and
 * COMMAND DOCS differ from Redis's there, and only there.
 */
final class Sort implements Command<Db> {

    /** The text of the complexity Redis documents for SORT and SORT_RO. */
    static final String COMPLEXITY = "O(N+M*log(M)) where N is the number of elements in the list or set to sort, and M"
            + " the number of returned elements. When the elements are not sorted, complexity is O(N).";

    private static final java.util.Set<KeySpec.Flag> SORTED = java.util.Collections.unmodifiableSet(
            EnumSet.of(KeySpec.Flag.RO, KeySpec.Flag.ACCESS));
    private static final java.util.Set<KeySpec.Flag> STORED = java.util.Collections.unmodifiableSet(
            EnumSet.of(KeySpec.Flag.OW, KeySpec.Flag.UPDATE));

    /**
     * The keys and their flags for one SORT line, as sortGetKeys (db.c) finds them, where the STORE
     * spec's keyword search is incomplete: it walks the options, skipping the arguments of LIMIT (2),
     * GET and BY (1), so a pattern spelled "store" is not taken for the option; the last STORE wins.
     */
    static boolean keys(dev.sabaody.kv.resp.Argv argv, CommandSpec.KeyVisitor visitor) {
        int store = -1;
        int argc = argv.argc();
        for (int i = 2; i < argc; i++) {
            if (argv.equalsIgnoreCase(i, "limit")) {
                i += 2;
            } else if (argv.equalsIgnoreCase(i, "get") || argv.equalsIgnoreCase(i, "by")) {
                i += 1;
            } else if (argv.equalsIgnoreCase(i, "store") && i + 1 < argc) {
                store = i + 1;
            }
        }
        if (!visitor.key(1, SORTED)) {
            return false;
        }
        return store < 0 || visitor.key(store, STORED);
    }

    static CommandSpec.Builder<Db> spec() {
        return CommandSpec.<Db>command("sort", -2, new Sort())
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(WRITE, SET, SORTEDSET, LIST, SLOW, DANGEROUS)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS),
                        new KeySpec("For the optional STORE keyword, searched from the end: the last STORE wins, as in"
                                + " SORT itself, but a GET or BY pattern spelled STORE after it can fool the search",
                                EnumSet.of(KeySpec.Flag.OW, KeySpec.Flag.UPDATE, KeySpec.Flag.INCOMPLETE),
                                new KeySpec.Keyword("STORE", -1), new KeySpec.Range(0, 1, 0)))
                .keysProcedure(Sort::keys)
                .doc(CommandDoc.of("Sort the elements in a list, set or sorted set", "1.0.0", "generic", COMPLEXITY,
                        arguments(true)));
    }

    /** The documented arguments of SORT, or of SORT_RO without {@code STORE}. */
    static Arg[] arguments(boolean store) {
        List<Arg> args = new java.util.ArrayList<>(List.of(
                Arg.key("key", 0),
                Arg.of("pattern", "pattern").withToken("BY").optional(),
                Arg.block("offset_count", Arg.of("offset", "integer"), Arg.of("count", "integer"))
                        .withToken("LIMIT").optional(),
                new Arg("pattern", "pattern", -1, "GET", null, null, null,
                        List.of("optional", "multiple", "multiple_token"), List.of()),
                Arg.oneOf("order", Arg.token("asc", "ASC"), Arg.token("desc", "DESC")).optional(),
                Arg.token("sorting", "ALPHA").optional()));
        if (store) {
            args.add(new Arg("destination", "key", 1, "STORE", null, null, null, List.of("optional"), List.of()));
        }
        return args.toArray(Arg[]::new);
    }

    @Override
    public void execute(CommandContext<? extends Db> ctx) {
        Sorting.run(ctx, false);
    }
}
