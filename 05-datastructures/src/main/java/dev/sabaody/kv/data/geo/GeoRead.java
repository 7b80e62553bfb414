package dev.sabaody.kv.data.geo;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Entry;
import dev.sabaody.kv.data.Values;
import dev.sabaody.kv.data.zsets.SkipList.Node;
import dev.sabaody.kv.data.zsets.SortedSet;
import dev.sabaody.kv.resp.AclCategory;
import dev.sabaody.kv.resp.Argv;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.CommandDoc;
import dev.sabaody.kv.resp.CommandDoc.Arg;
import dev.sabaody.kv.resp.CommandFlag;
import dev.sabaody.kv.resp.CommandSpec;
import dev.sabaody.kv.resp.KeySpec;

/** GEOPOS, GEODIST and GEOHASH: decode the members' scores back into places. */
final class GeoRead {

    private GeoRead() {
    }

    static CommandSpec.Builder<Db> geopos() {
        return CommandSpec.<Db>command("geopos", -2, GeoRead::geopos)
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Returns longitude and latitude of members of a geospatial index", "3.2.0", "geo", "O(N) where N is the number of members requested.",
                        Arg.key("key", 0),
                        Arg.of("member", "string").multiple()));
    }

    static CommandSpec.Builder<Db> geodist() {
        return CommandSpec.<Db>command("geodist", -4, GeoRead::geodist)
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Returns the distance between two members of a geospatial index", "3.2.0", "geo", "O(log(N))",
                        Arg.key("key", 0),
                        Arg.of("member1", "string"),
                        Arg.of("member2", "string"),
                        Arg.oneOf("unit",
                            Arg.of("m", "pure-token").withToken("M"),
                            Arg.of("km", "pure-token").withToken("KM"),
                            Arg.of("ft", "pure-token").withToken("FT"),
                            Arg.of("mi", "pure-token").withToken("MI")).optional()));
    }

    static CommandSpec.Builder<Db> geohash() {
        return CommandSpec.<Db>command("geohash", -2, GeoRead::geohash)
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Returns members of a geospatial index as standard geohash strings", "3.2.0", "geo", "O(log(N)) for each member requested, where N is the number of elements in the sorted set.",
                        Arg.key("key", 0),
                        Arg.of("member", "string").multiple()));
    }

    /** lookupKeyRead + checkType: the set, null when absent, or {@link #WRONG} after the error. */
    static SortedSet read(CommandContext<? extends Db> ctx, int i) {
        Entry e = ctx.db().lookupRead(ctx.argv(), i);
        if (e == null) {
            return null;
        }
        if (e.value instanceof SortedSet z) {
            return z;
        }
        ctx.reply().error(Values.WRONGTYPE);
        return WRONG;
    }

    static final SortedSet WRONG = new SortedSet();

    static Node member(SortedSet z, Argv argv, int i) {
        return z == null ? null : z.get(argv.buffer(), argv.offset(i), argv.length(i));
    }

    static void geopos(CommandContext<? extends Db> ctx) {
        SortedSet z = read(ctx, 1);
        if (z == WRONG) {
            return;
        }
        Argv argv = ctx.argv();
        ctx.reply().arrayHeader(argv.argc() - 2);
        for (int i = 2; i < argv.argc(); i++) {
            Node n = member(z, argv, i);
            if (n == null) {
                ctx.reply().nullArray();
            } else {
                double[] xy = GeoHash.decodeScore(n.score());
                ctx.reply().arrayHeader(2);
                GeoReplies.coordinate(ctx.reply(), xy[0]);
                GeoReplies.coordinate(ctx.reply(), xy[1]);
            }
        }
    }

    static void geodist(CommandContext<? extends Db> ctx) {
        Argv argv = ctx.argv();
        double toMeters = 1;
        if (argv.argc() == 5) {
            toMeters = GeoReplies.unit(ctx, 4);
            if (toMeters < 0) {
                return;
            }
        } else if (argv.argc() > 5) {
            ctx.replySyntaxError();
            return;
        }
        SortedSet z = read(ctx, 1);
        if (z == WRONG) {
            return;
        }
        Node a = member(z, argv, 2);
        Node b = member(z, argv, 3);
        if (a == null || b == null) {
            ctx.reply().nullBulk();
            return;
        }
        double[] p = GeoHash.decodeScore(a.score());
        double[] q = GeoHash.decodeScore(b.score());
        GeoReplies.distance(ctx.reply(), GeoHash.distance(p[0], p[1], q[0], q[1]) / toMeters);
    }

    static void geohash(CommandContext<? extends Db> ctx) {
        SortedSet z = read(ctx, 1);
        if (z == WRONG) {
            return;
        }
        Argv argv = ctx.argv();
        ctx.reply().arrayHeader(argv.argc() - 2);
        for (int i = 2; i < argv.argc(); i++) {
            Node n = member(z, argv, i);
            if (n == null) {
                ctx.reply().nullBulk();
            } else {
                ctx.reply().bulkAscii(GeoHash.base32(n.score()));
            }
        }
    }
}
