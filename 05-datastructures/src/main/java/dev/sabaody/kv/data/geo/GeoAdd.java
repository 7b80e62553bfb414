package dev.sabaody.kv.data.geo;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.zsets.SortedSet;
import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/**
 * GEOADD key [NX | XX] [CH] longitude latitude member [...]: each point becomes its 52-bit geohash
 * and is added to the sorted set as ZADD would add it (geo.c geoaddCommand rewrites itself into a
 * ZADD call; here both share {@link SortedSet#add}).
 */
final class GeoAdd {

    private GeoAdd() {
    }

    static CommandSpec.Builder<Db> geoadd() {
        return CommandSpec.<Db>command("geoadd", -5, GeoAdd::geoadd)
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(AclCategory.WRITE, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RW, KeySpec.Flag.UPDATE))
                .doc(CommandDoc.of("Add one or more geospatial items in the geospatial index represented using a sorted set", "3.2.0", "geo", "O(log(N)) for each item added, where N is the number of elements in the sorted set.",
                        Arg.key("key", 0),
                        Arg.oneOf("condition",
                            Arg.of("nx", "pure-token").withToken("NX"),
                            Arg.of("xx", "pure-token").withToken("XX")).since("6.2.0").optional(),
                        Arg.of("change", "pure-token").withToken("CH").since("6.2.0").optional(),
                        Arg.block("longitude_latitude_member",
                            Arg.of("longitude", "double"),
                            Arg.of("latitude", "double"),
                            Arg.of("member", "string")).multiple())
                        .withHistory("6.2.0", "Added the `CH`, `NX` and `XX` options."));
    }

    static void geoadd(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        boolean nx = false;
        boolean xx = false;
        boolean ch = false;
        int longIdx = 2;
        for (; longIdx < argv.argc(); longIdx++) {
            if (argv.equalsIgnoreCase(longIdx, "nx")) {
                nx = true;
            } else if (argv.equalsIgnoreCase(longIdx, "xx")) {
                xx = true;
            } else if (argv.equalsIgnoreCase(longIdx, "ch")) {
                ch = true;
            } else {
                break;
            }
        }
        int elements = (argv.argc() - longIdx) / 3;
        // No triple left at all is a syntax error too: it becomes a ZADD with no pairs.
        if ((argv.argc() - longIdx) % 3 != 0 || (xx && nx) || elements == 0) {
            ctx.replySyntaxError();
            return;
        }
        double[] scores = new double[elements];
        for (int i = 0; i < elements; i++) {
            double[] xy = GeoReplies.longLat(ctx, longIdx + i * 3);
            if (xy == null) {
                return;
            }
            scores[i] = GeoHash.score(xy[0], xy[1]);
        }
        Db db = ctx.db();
        Entry e = db.lookup(argv, 1);
        SortedSet zset;
        if (e == null) {
            if (xx) {
                ctx.reply().integer(0);
                return;
            }
            zset = new SortedSet();
        } else if (e.value instanceof SortedSet z) {
            zset = z;
        } else {
            ctx.reply().error(Values.WRONGTYPE);
            return;
        }
        int flags = (nx ? SortedSet.ZADD_IN_NX : 0) | (xx ? SortedSet.ZADD_IN_XX : 0);
        long mark = db.changeMark();
        int added = 0;
        int updated = 0;
        for (int i = 0; i < elements; i++) {
            int out = zset.add(argv.copy(longIdx + i * 3 + 2), scores[i], flags);
            added += (out & SortedSet.ZADD_OUT_ADDED) != 0 ? 1 : 0;
            updated += (out & SortedSet.ZADD_OUT_UPDATED) != 0 ? 1 : 0;
        }
        if (e == null) {
            db.add(argv.copy(1), zset);
        } else if (added + updated > 0) {
            db.signalModified(e.key);
        }
        db.countChanges(mark, added + updated); // zaddGenericCommand: server.dirty += added + updated
        if (added + updated > 0) {
            db.notify(KeyspaceEvents.ZSET, "zadd", argv, 1); // geoaddCommand runs zaddCommand
        }
        ctx.reply().integer(ch ? added + updated : added);
    }
}
