package dev.sabaody.kv.data.geo;

import dev.sabaody.kv.data.Db;
import dev.sabaody.kv.data.Destination;
import dev.sabaody.kv.data.KeyspaceEvents;
import dev.sabaody.kv.data.zsets.Arguments;
import dev.sabaody.kv.data.zsets.ScoreRange;
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
import dev.sabaody.kv.resp.RespEncoder;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.List;

/**
 * GEOSEARCH, GEOSEARCHSTORE, and the older GEORADIUS, GEORADIUSBYMEMBER and their read-only forms:
 * one implementation, geo.c's georadiusGeneric, step by step:
 * <ol>
 *   <li>parse the centre (coordinates or a member's position), the shape (radius or box) and the
 *       options, with Redis's errors in Redis's order;
 *   <li>{@link GeoHash#areasByShape}: the centre's cell and its neighbours at a step the size of
 *       the search, each one score range;
 *   <li>scan those ranges of the skip list, keeping members inside the shape (haversine distance);
 *   <li>sort by distance when asked (or when COUNT is given without ANY), cut to COUNT, and reply
 *       or store.
 * </ol>
 * Without ASC/DESC, results come in scan order: cell by cell (centre, N, S, E, W, NE, NW, SE, SW),
 * by score inside a cell, as Redis returns them.
 */
final class GeoSearch {

    static final int RADIUS_COORDS = 1;
    static final int RADIUS_MEMBER = 2;
    static final int RADIUS_NOSTORE = 4;
    static final int GEOSEARCH = 8;
    static final int GEOSEARCHSTORE = 16;

    private final int flags;

    private GeoSearch(int flags) {
        this.flags = flags;
    }

    static CommandSpec.Builder<Db> geosearch() {
        return CommandSpec.<Db>command("geosearch", -7, ctx -> new GeoSearch(GEOSEARCH).run(ctx, 1))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle.", "6.2.0", "geo", "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape",
                        Arg.key("key", 0),
                        from(),
                        by(),
                        order(),
                        count(),
                        Arg.of("withcoord", "pure-token").withToken("WITHCOORD").optional(),
                        Arg.of("withdist", "pure-token").withToken("WITHDIST").optional(),
                        Arg.of("withhash", "pure-token").withToken("WITHHASH").optional())
                        .withHistory("7.0.0", "Added support for uppercase unit names."));
    }

    static CommandSpec.Builder<Db> geosearchstore() {
        return CommandSpec.<Db>command("geosearchstore", -8, ctx -> new GeoSearch(GEOSEARCH | GEOSEARCHSTORE).run(ctx, 2))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(AclCategory.WRITE, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.OW, KeySpec.Flag.UPDATE),
                        KeySpec.range(2, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(CommandDoc.of("Query a sorted set representing a geospatial index to fetch members inside an area of a box or a circle, and store the result in another key.", "6.2.0", "geo", "O(N+log(M)) where N is the number of elements in the grid-aligned bounding box area around the shape provided as the filter and M is the number of items inside the shape",
                        Arg.key("destination", 0),
                        Arg.key("source", 1),
                        from(),
                        by(),
                        order(),
                        count(),
                        Arg.of("storedist", "pure-token").withToken("STOREDIST").optional())
                        .withHistory("7.0.0", "Added support for uppercase unit names."));
    }

    static CommandSpec.Builder<Db> georadius() {
        return CommandSpec.<Db>command("georadius", -6, ctx -> new GeoSearch(RADIUS_COORDS).run(ctx, 1))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(AclCategory.WRITE, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS),
                        new KeySpec(null, EnumSet.of(KeySpec.Flag.OW, KeySpec.Flag.UPDATE), new KeySpec.Keyword("STORE", 6), new KeySpec.Range(0, 1, 0)),
                        new KeySpec(null, EnumSet.of(KeySpec.Flag.OW, KeySpec.Flag.UPDATE), new KeySpec.Keyword("STOREDIST", 6), new KeySpec.Range(0, 1, 0)))
                .doc(new CommandDoc("Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a point", "3.2.0", "geo", "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
                        List.of("deprecated"), "6.2.0", "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` argument", List.<String[]>of(new String[] {"6.2.0", "Added the `ANY` option for `COUNT`."}, new String[] {"7.0.0", "Added support for uppercase unit names."}), List.of(
                        Arg.key("key", 0),
                        Arg.of("longitude", "double"),
                        Arg.of("latitude", "double"),
                        Arg.of("radius", "double"),
                        unit(),
                        Arg.of("withcoord", "pure-token").withToken("WITHCOORD").optional(),
                        Arg.of("withdist", "pure-token").withToken("WITHDIST").optional(),
                        Arg.of("withhash", "pure-token").withToken("WITHHASH").optional(),
                        Arg.block("count",
                            Arg.of("count", "integer").withToken("COUNT"),
                            Arg.of("any", "pure-token").withToken("ANY").since("6.2.0").optional()).optional(),
                        order(),
                        Arg.key("key", 1).withToken("STORE").optional(),
                        Arg.key("key", 2).withToken("STOREDIST").optional())));
    }

    static CommandSpec.Builder<Db> georadiusro() {
        return CommandSpec.<Db>command("georadius_ro", -6, ctx -> new GeoSearch(RADIUS_COORDS | RADIUS_NOSTORE).run(ctx, 1))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(new CommandDoc("A read-only variant for GEORADIUS", "3.2.10", "geo", "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
                        List.of("deprecated"), "6.2.0", "`GEOSEARCH` with the `BYRADIUS` argument", List.<String[]>of(new String[] {"6.2.0", "Added the `ANY` option for `COUNT`."}), List.of(
                        Arg.key("key", 0),
                        Arg.of("longitude", "double"),
                        Arg.of("latitude", "double"),
                        Arg.of("radius", "double"),
                        unit(),
                        Arg.of("withcoord", "pure-token").withToken("WITHCOORD").optional(),
                        Arg.of("withdist", "pure-token").withToken("WITHDIST").optional(),
                        Arg.of("withhash", "pure-token").withToken("WITHHASH").optional(),
                        Arg.block("count",
                            Arg.of("count", "integer").withToken("COUNT"),
                            Arg.of("any", "pure-token").withToken("ANY").since("6.2.0").optional()).optional(),
                        order())));
    }

    static CommandSpec.Builder<Db> georadiusbymember() {
        return CommandSpec.<Db>command("georadiusbymember", -5, ctx -> new GeoSearch(RADIUS_MEMBER).run(ctx, 1))
                .flags(CommandFlag.WRITE, CommandFlag.DENYOOM)
                .acl(AclCategory.WRITE, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS),
                        new KeySpec(null, EnumSet.of(KeySpec.Flag.OW, KeySpec.Flag.UPDATE), new KeySpec.Keyword("STORE", 5), new KeySpec.Range(0, 1, 0)),
                        new KeySpec(null, EnumSet.of(KeySpec.Flag.OW, KeySpec.Flag.UPDATE), new KeySpec.Keyword("STOREDIST", 5), new KeySpec.Range(0, 1, 0)))
                .doc(new CommandDoc("Query a sorted set representing a geospatial index to fetch members matching a given maximum distance from a member", "3.2.0", "geo", "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
                        List.of("deprecated"), "6.2.0", "`GEOSEARCH` and `GEOSEARCHSTORE` with the `BYRADIUS` and `FROMMEMBER` arguments", List.<String[]>of(new String[] {"7.0.0", "Added support for uppercase unit names."}), List.of(
                        Arg.key("key", 0),
                        Arg.of("member", "string"),
                        Arg.of("radius", "double"),
                        unit(),
                        Arg.of("withcoord", "pure-token").withToken("WITHCOORD").optional(),
                        Arg.of("withdist", "pure-token").withToken("WITHDIST").optional(),
                        Arg.of("withhash", "pure-token").withToken("WITHHASH").optional(),
                        count(),
                        order(),
                        Arg.key("key", 1).withToken("STORE").optional(),
                        Arg.key("key", 2).withToken("STOREDIST").optional())));
    }

    static CommandSpec.Builder<Db> georadiusbymemberro() {
        return CommandSpec.<Db>command("georadiusbymember_ro", -5, ctx -> new GeoSearch(RADIUS_MEMBER | RADIUS_NOSTORE).run(ctx, 1))
                .flags(CommandFlag.READONLY)
                .acl(AclCategory.READ, AclCategory.GEO, AclCategory.SLOW)
                .keys(KeySpec.range(1, 0, 1, KeySpec.Flag.RO, KeySpec.Flag.ACCESS))
                .doc(new CommandDoc("A read-only variant for GEORADIUSBYMEMBER", "3.2.10", "geo", "O(N+log(M)) where N is the number of elements inside the bounding box of the circular area delimited by center and radius and M is the number of items inside the index.",
                        List.of("deprecated"), "6.2.0", "`GEOSEARCH` with the `BYRADIUS` and `FROMMEMBER` arguments", List.of(), List.of(
                        Arg.key("key", 0),
                        Arg.of("member", "string"),
                        Arg.of("radius", "double"),
                        unit(),
                        Arg.of("withcoord", "pure-token").withToken("WITHCOORD").optional(),
                        Arg.of("withdist", "pure-token").withToken("WITHDIST").optional(),
                        Arg.of("withhash", "pure-token").withToken("WITHHASH").optional(),
                        count(),
                        order())));
    }

    /** One match: geo.h geoPoint. */
    private record Point(double lon, double lat, double dist, double score, byte[] member) {
    }

    private enum Sort { NONE, ASC, DESC }

    private boolean has(int flag) {
        return (flags & flag) != 0;
    }

    void run(CommandContext<? extends Db> ctx, int srcKeyIndex) {
        Argv argv = ctx.argv();
        SortedSet zset = GeoRead.read(ctx, srcKeyIndex);
        if (zset == GeoRead.WRONG) {
            return;
        }
        byte[] storeKey = null;
        boolean storeDist = false;
        int baseArgs;
        GeoShape shape = GeoShape.circle(0, 0, 0, 1);
        if (has(RADIUS_COORDS)) {
            baseArgs = 6;
            double[] xy = GeoReplies.longLat(ctx, 2);
            if (xy == null) {
                return;
            }
            shape = shape.at(xy[0], xy[1]);
            shape = radius(ctx, 4, shape);
            if (shape == null) {
                return;
            }
        } else if (has(RADIUS_MEMBER) && zset == null) {
            baseArgs = 5; // no key: parse the options anyway, to know which empty reply to give
        } else if (has(RADIUS_MEMBER)) {
            baseArgs = 5;
            double[] xy = fromMember(zset, argv, 2);
            if (xy == null) {
                ctx.reply().error("could not decode requested zset member");
                return;
            }
            shape = radius(ctx, 3, shape.at(xy[0], xy[1]));
            if (shape == null) {
                return;
            }
        } else {
            baseArgs = 2;
            if (has(GEOSEARCHSTORE)) {
                baseArgs = 3;
                storeKey = argv.copy(1);
            }
        }

        boolean withDist = false;
        boolean withHash = false;
        boolean withCoords = false;
        boolean fromMember = false;
        boolean fromLoc = false;
        boolean byRadius = false;
        boolean byBox = false;
        boolean any = false;
        Sort sort = Sort.NONE;
        long count = 0;
        int remaining = argv.argc() - baseArgs;
        for (int i = 0; i < remaining; i++) {
            int at = baseArgs + i;
            if (argv.equalsIgnoreCase(at, "withdist")) {
                withDist = true;
            } else if (argv.equalsIgnoreCase(at, "withhash")) {
                withHash = true;
            } else if (argv.equalsIgnoreCase(at, "withcoord")) {
                withCoords = true;
            } else if (argv.equalsIgnoreCase(at, "any")) {
                any = true;
            } else if (argv.equalsIgnoreCase(at, "asc")) {
                sort = Sort.ASC;
            } else if (argv.equalsIgnoreCase(at, "desc")) {
                sort = Sort.DESC;
            } else if (argv.equalsIgnoreCase(at, "count") && i + 1 < remaining) {
                long[] n = new long[1];
                if (!Arguments.parseLong(ctx, at + 1, n, null)) {
                    return;
                }
                if (n[0] <= 0) {
                    ctx.reply().error("COUNT must be > 0");
                    return;
                }
                count = n[0];
                i++;
            } else if ((argv.equalsIgnoreCase(at, "store") || argv.equalsIgnoreCase(at, "storedist"))
                    && i + 1 < remaining && !has(RADIUS_NOSTORE) && !has(GEOSEARCH)) {
                storeKey = argv.copy(at + 1);
                storeDist = argv.equalsIgnoreCase(at, "storedist");
                i++;
            } else if (argv.equalsIgnoreCase(at, "storedist") && has(GEOSEARCH) && has(GEOSEARCHSTORE)) {
                storeDist = true;
            } else if (argv.equalsIgnoreCase(at, "frommember") && i + 1 < remaining && has(GEOSEARCH) && !fromLoc) {
                if (zset != null) {
                    double[] xy = fromMember(zset, argv, at + 1);
                    if (xy == null) {
                        ctx.reply().error("could not decode requested zset member");
                        return;
                    }
                    shape = shape.at(xy[0], xy[1]);
                }
                fromMember = true;
                i++;
            } else if (argv.equalsIgnoreCase(at, "fromlonlat") && i + 2 < remaining && has(GEOSEARCH) && !fromMember) {
                double[] xy = GeoReplies.longLat(ctx, at + 1);
                if (xy == null) {
                    return;
                }
                shape = shape.at(xy[0], xy[1]);
                fromLoc = true;
                i += 2;
            } else if (argv.equalsIgnoreCase(at, "byradius") && i + 2 < remaining && has(GEOSEARCH) && !byBox) {
                shape = radius(ctx, at + 1, shape);
                if (shape == null) {
                    return;
                }
                byRadius = true;
                i += 2;
            } else if (argv.equalsIgnoreCase(at, "bybox") && i + 3 < remaining && has(GEOSEARCH) && !byRadius) {
                shape = box(ctx, at + 1, shape);
                if (shape == null) {
                    return;
                }
                byBox = true;
                i += 3;
            } else {
                ctx.replySyntaxError();
                return;
            }
        }

        if (storeKey != null && (withDist || withHash || withCoords)) {
            ctx.reply().error((has(GEOSEARCHSTORE) ? "GEOSEARCHSTORE" : "STORE option in GEORADIUS")
                    + " is not compatible with WITHDIST, WITHHASH and WITHCOORD options");
            return;
        }
        if (has(GEOSEARCH) && !(fromMember || fromLoc)) {
            ctx.reply().error("exactly one of FROMMEMBER or FROMLONLAT can be specified for " + argv.string(0));
            return;
        }
        if (has(GEOSEARCH) && !(byRadius || byBox)) {
            ctx.reply().error("exactly one of BYRADIUS and BYBOX can be specified for " + argv.string(0));
            return;
        }
        if (any && count == 0) {
            ctx.reply().error("the ANY argument requires COUNT argument");
            return;
        }
        if (zset == null) {
            if (storeKey != null) {
                Destination.clear(ctx.db(), storeKey);
                ctx.reply().integer(0);
            } else {
                ctx.reply().arrayHeader(0);
            }
            return;
        }
        if (count != 0 && sort == Sort.NONE && !any) {
            sort = Sort.ASC; // the closest N need sorting; ANY does not promise the closest
        }

        List<Point> found = search(zset, shape, any ? count : 0);
        if (found.isEmpty() && storeKey == null) {
            ctx.reply().arrayHeader(0);
            return;
        }
        int returned = (int) (count == 0 || found.size() < count ? found.size() : count);
        if (sort != Sort.NONE) {
            // Stable, as glibc's merge-sort qsort: equal distances keep their scan order.
            Comparator<Point> byDistance = Comparator.comparingDouble(Point::dist);
            found.sort(sort == Sort.ASC ? byDistance : byDistance.reversed());
        }
        if (storeKey == null) {
            reply(ctx.reply(), found, returned, shape.conversion(), withDist, withHash, withCoords);
        } else {
            store(ctx, storeKey, storeDist, found, returned, shape.conversion());
        }
    }

    private static void reply(RespEncoder reply, List<Point> found, int returned, double conversion,
                              boolean withDist, boolean withHash, boolean withCoords) {
        int options = (withDist ? 1 : 0) + (withHash ? 1 : 0) + (withCoords ? 1 : 0);
        reply.arrayHeader(returned);
        for (int i = 0; i < returned; i++) {
            Point p = found.get(i);
            if (options > 0) {
                reply.arrayHeader(options + 1);
            }
            reply.bulk(p.member);
            if (withDist) {
                GeoReplies.distance(reply, p.dist / conversion);
            }
            if (withHash) {
                reply.integer((long) p.score);
            }
            if (withCoords) {
                reply.arrayHeader(2);
                GeoReplies.coordinate(reply, p.lon);
                GeoReplies.coordinate(reply, p.lat);
            }
        }
    }

    private void store(CommandContext<? extends Db> ctx, byte[] key, boolean storeDist, List<Point> found,
                       int returned, double conversion) {
        if (returned == 0) {
            Destination.clear(ctx.db(), key);
            ctx.reply().integer(0);
            return;
        }
        SortedSet result = new SortedSet();
        for (int i = 0; i < returned; i++) {
            Point p = found.get(i);
            result.insert(p.member, storeDist ? p.dist / conversion : p.score);
        }
        result.settleEncodingForStore();
        long mark = ctx.db().changeMark();
        Destination.store(ctx.db(), key, result, KeyspaceEvents.ZSET, has(GEOSEARCH) ? "geosearchstore" : "georadiusstore");
        ctx.db().countChanges(mark, returned); // georadiusGeneric: server.dirty += returned_items
        ctx.reply().integer(returned);
    }

    /**
     * membersOfAllNeighbors: scans the cells' score ranges, skipping empty cells and a cell equal to
     * the one scanned just before (huge radii make neighbours coincide); stops at {@code limit}
     * matches when non-zero (ANY).
     */
    private static List<Point> search(SortedSet zset, GeoShape shape, long limit) {
        GeoHash.Bits[] cells = GeoHash.areasByShape(shape);
        List<Point> found = new ArrayList<>();
        int lastProcessed = 0;
        for (int i = 0; i < cells.length; i++) {
            GeoHash.Bits cell = cells[i];
            if (cell.isZero()) {
                continue;
            }
            if (lastProcessed != 0 && cell.equals(cells[lastProcessed])) {
                continue;
            }
            if (!found.isEmpty() && limit != 0 && found.size() >= limit) {
                break;
            }
            long min = GeoHash.align52Bits(cell);
            long max = GeoHash.align52Bits(new GeoHash.Bits(cell.bits() + 1, cell.step()));
            ScoreRange range = new ScoreRange(min, false, max, true);
            for (Node n = zset.list().firstInRange(range); n != null && range.belowMax(n.score()); n = n.next()) {
                double[] xy = GeoHash.decodeScore(n.score());
                double d = shape.distanceIfInside(xy[0], xy[1]);
                if (d >= 0) {
                    found.add(new Point(xy[0], xy[1], d, n.score(), n.member()));
                }
                if (!found.isEmpty() && limit != 0 && found.size() >= limit) {
                    break;
                }
            }
            lastProcessed = i;
        }
        return found;
    }

    /** longLatFromMember: a member's position, or null when it is missing. */
    private static double[] fromMember(SortedSet zset, Argv argv, int i) {
        Node n = zset.get(argv.buffer(), argv.offset(i), argv.length(i));
        return n == null ? null : GeoHash.decodeScore(n.score());
    }

    /** extractDistanceOrReply: radius then unit at {@code i}; null after the error. */
    private static GeoShape radius(CommandContext<?> ctx, int i, GeoShape shape) {
        double distance = Arguments.parseDouble(ctx, i, "need numeric radius");
        if (Double.isNaN(distance)) {
            return null;
        }
        if (distance < 0) {
            ctx.reply().error("radius cannot be negative");
            return null;
        }
        double toMeters = GeoReplies.unit(ctx, i + 1);
        return toMeters < 0 ? null : shape.withCircle(distance, toMeters);
    }

    /** extractBoxOrReply: width, height, unit at {@code i}; null after the error. */
    private static GeoShape box(CommandContext<?> ctx, int i, GeoShape shape) {
        double w = Arguments.parseDouble(ctx, i, "need numeric width");
        if (Double.isNaN(w)) {
            return null;
        }
        double h = Arguments.parseDouble(ctx, i + 1, "need numeric height");
        if (Double.isNaN(h)) {
            return null;
        }
        if (h < 0 || w < 0) {
            ctx.reply().error("height or width cannot be negative");
            return null;
        }
        double toMeters = GeoReplies.unit(ctx, i + 2);
        return toMeters < 0 ? null : shape.withBox(w, h, toMeters);
    }

    // ---------------------------------------------------------------- COMMAND DOCS argument groups

    private static Arg unit() {
        return Arg.oneOf("unit",
                Arg.of("m", "pure-token").withToken("M"),
                Arg.of("km", "pure-token").withToken("KM"),
                Arg.of("ft", "pure-token").withToken("FT"),
                Arg.of("mi", "pure-token").withToken("MI"));
    }

    private static Arg from() {
        return Arg.oneOf("from",
                Arg.of("member", "string").withToken("FROMMEMBER"),
                Arg.block("longitude_latitude", Arg.of("longitude", "double"), Arg.of("latitude", "double"))
                        .withToken("FROMLONLAT"));
    }

    private static Arg by() {
        return Arg.oneOf("by",
                Arg.block("circle", Arg.of("radius", "double").withToken("BYRADIUS"), unit()),
                Arg.block("box", Arg.of("width", "double").withToken("BYBOX"), Arg.of("height", "double"), unit()));
    }

    private static Arg order() {
        return Arg.oneOf("order",
                Arg.of("asc", "pure-token").withToken("ASC"),
                Arg.of("desc", "pure-token").withToken("DESC")).optional();
    }

    private static Arg count() {
        return Arg.block("count",
                Arg.of("count", "integer").withToken("COUNT"),
                Arg.of("any", "pure-token").withToken("ANY").optional()).optional();
    }
}
