package dev.sabaody.kv.data.geo;

import static dev.sabaody.kv.data.DataTests.cmd;
import static dev.sabaody.kv.data.DataTests.fresh;

import dev.sabaody.kv.data.DataServer;
import dev.sabaody.kv.data.DataTests;
import dev.sabaody.kv.resp.DifferentialHarness.Case;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Every geo command against a real Redis 7.0.15, byte for byte: scores, positions, distances,
 * hashes, searches by radius and box (sorted, counted, unsorted in scan order), stores, errors,
 * RESP3 shapes and COMMAND INFO.
 */
class GeoDifferentialTest {

    private static DataServer server;

    @BeforeAll
    static void start() {
        server = DataTests.start();
    }

    @AfterAll
    static void stop() {
        server.close();
    }

    static final String HELLO_REPLY = "%7\\\\r\\\\n.*?modules\\\\r\\\\n\\*0\\\\r\\\\n";

    static Case resp3(String name, String[]... commands) {
        String[][] all = new String[commands.length + 1][];
        all[0] = cmd("HELLO", "3");
        System.arraycopy(commands, 0, all, 1, commands.length);
        return fresh(name, all).ignoring(HELLO_REPLY);
    }

    /** Sicily and around, the example of Redis's docs, plus a few far points. */
    static String[] sicily() {
        return cmd("GEOADD", "Sicily", "13.361389", "38.115556", "Palermo", "15.087269", "37.502669", "Catania",
                "12.758489", "38.788135", "edge1", "17.241510", "38.788135", "edge2", "13.583333", "37.316667", "Agrigento",
                "-122.27652", "37.805186", "Oakland", "0", "0", "Null Island", "179.999", "85.05", "corner");
    }

    static void same(Case... cases) {
        DataTests.assertSameAsRedis(server.port(), cases);
    }

    @Test
    void geoadd_scoresAndErrors_matchRedis() {
        same(
                fresh("geoadd scores", sicily(), cmd("ZRANGE", "Sicily", "0", "-1", "WITHSCORES")),
                fresh("geoadd limits", cmd("GEOADD", "g", "180", "85.05112878", "ne", "-180", "-85.05112878", "sw", "0", "0", "o"),
                        cmd("ZRANGE", "g", "0", "-1", "WITHSCORES"), cmd("GEOPOS", "g", "ne", "sw", "o")),
                fresh("geoadd nx xx ch", sicily(), cmd("GEOADD", "Sicily", "NX", "1", "1", "Palermo", "2", "2", "new"),
                        cmd("GEOADD", "Sicily", "XX", "CH", "1", "1", "Palermo", "2", "2", "new2"),
                        cmd("GEOADD", "Sicily", "CH", "1", "1", "Palermo"), cmd("GEOADD", "none", "XX", "1", "1", "a"),
                        cmd("ZCARD", "none")),
                fresh("geoadd errors", cmd("GEOADD", "g", "200", "100", "x"), cmd("GEOADD", "g", "-180.0000001", "0", "x"),
                        cmd("GEOADD", "g", "0", "85.06", "x"), cmd("GEOADD", "g", "x", "1", "m"), cmd("GEOADD", "g", "1", "y", "m"),
                        cmd("GEOADD", "g", "1", "2", "m", "3"), cmd("GEOADD", "g", "NX", "XX", "1", "2", "m"),
                        cmd("GEOADD", "g", "GT", "1", "2", "m"), cmd("GEOADD", "g", "CH", "CH", "CH"),
                        cmd("GEOADD", "g", "inf", "1", "m"), cmd("GEOADD", "g", "-0.0000001", "-0", "m"), cmd("ZCARD", "g")),
                fresh("geoadd wrongtype", cmd("SET", "s", "x"), cmd("GEOADD", "s", "1", "2", "m")),
                fresh("geoadd arity", cmd("GEOADD", "g", "1", "2")));
    }

    @Test
    void geoposGeodistGeohash_matchRedis() {
        same(
                fresh("geopos", sicily(), cmd("GEOPOS", "Sicily", "Palermo", "nope", "Oakland", "Null Island", "corner"),
                        cmd("GEOPOS", "none", "a", "b"), cmd("GEOPOS", "Sicily")),
                fresh("geopos of plain zset scores", cmd("ZADD", "z", "0", "zero", "1.5", "frac", "4503599627370495", "max"),
                        cmd("GEOPOS", "z", "zero", "frac", "max"), cmd("GEOHASH", "z", "zero", "frac", "max")),
                fresh("geodist", sicily(), cmd("GEODIST", "Sicily", "Palermo", "Catania"),
                        cmd("GEODIST", "Sicily", "Palermo", "Catania", "km"), cmd("GEODIST", "Sicily", "Palermo", "Catania", "MI"),
                        cmd("GEODIST", "Sicily", "Palermo", "Oakland", "ft"), cmd("GEODIST", "Sicily", "Palermo", "Palermo"),
                        cmd("GEODIST", "Sicily", "Palermo", "nope"), cmd("GEODIST", "none", "a", "b"),
                        cmd("GEODIST", "Sicily", "Null Island", "corner", "km")),
                fresh("geodist errors", sicily(), cmd("GEODIST", "Sicily", "Palermo", "Catania", "yards"),
                        cmd("GEODIST", "Sicily", "Palermo", "Catania", "km", "x"), cmd("GEODIST", "none", "a", "b", "parsec"),
                        cmd("SET", "s", "x"), cmd("GEODIST", "s", "a", "b")),
                fresh("geohash", sicily(), cmd("GEOHASH", "Sicily", "Palermo", "Catania", "nope", "Oakland", "Null Island", "corner"),
                        cmd("GEOHASH", "none", "a"), cmd("GEOHASH", "Sicily")),
                fresh("geo read wrongtype", cmd("SET", "s", "x"), cmd("GEOPOS", "s", "a"), cmd("GEOHASH", "s", "a")),
                resp3("geo resp3", sicily(), cmd("GEOPOS", "Sicily", "Palermo", "nope"), cmd("GEODIST", "Sicily", "Palermo", "Catania"),
                        cmd("GEODIST", "Sicily", "Palermo", "nope"), cmd("GEOHASH", "Sicily", "Palermo", "nope")));
    }

    @Test
    void geosearch_matchesRedis() {
        same(
                fresh("byradius unsorted", sicily(), cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km")),
                fresh("byradius asc with all", sicily(), cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km",
                        "ASC", "WITHCOORD", "WITHDIST", "WITHHASH")),
                fresh("frommember desc count", sicily(), cmd("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "300", "km",
                        "DESC", "COUNT", "2", "WITHDIST")),
                fresh("count implies asc", sicily(), cmd("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "300000", "m",
                        "COUNT", "3")),
                fresh("count any", sicily(), cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "400", "km",
                        "COUNT", "1", "ANY")),
                fresh("bybox", sicily(), cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "400", "400", "km", "ASC",
                        "WITHDIST"), cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "100", "1000", "mi")),
                fresh("whole planet", sicily(), cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "0", "0", "BYRADIUS", "30000", "km", "ASC")),
                fresh("zero radius", sicily(), cmd("GEOSEARCH", "Sicily", "FROMMEMBER", "Palermo", "BYRADIUS", "0", "m", "WITHDIST")),
                fresh("near the pole and date line", sicily(), cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "-179.9", "84.9", "BYRADIUS",
                        "100", "km", "WITHDIST")),
                fresh("missing key", cmd("GEOSEARCH", "none", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km"),
                        cmd("GEOSEARCH", "none", "FROMMEMBER", "x", "BYRADIUS", "200", "km")),
                fresh("geosearch errors", sicily(), cmd("GEOSEARCH", "Sicily", "FROMMEMBER", "nope", "BYRADIUS", "1", "km"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "-1", "km"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "x", "km"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "parsec"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "-1", "km"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "x", "1", "km"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYBOX", "1", "y", "km"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37"), cmd("GEOSEARCH", "Sicily", "BYRADIUS", "1", "km"),
                        cmd("geosearch", "Sicily", "BYRADIUS", "1", "km", "ASC"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "FROMMEMBER", "Palermo", "BYRADIUS", "1", "km"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "BYBOX", "1", "1", "km"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "COUNT", "0"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "COUNT", "x"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "ANY"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "STORE", "d"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "STOREDIST"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "200", "37", "BYRADIUS", "1", "km"),
                        cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "1", "km", "FOO")),
                fresh("geosearch wrongtype", cmd("SET", "s", "x"), cmd("GEOSEARCH", "s", "FROMLONLAT", "x", "37", "BYRADIUS", "1", "km")),
                resp3("geosearch resp3", sicily(), cmd("GEOSEARCH", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km",
                        "ASC", "WITHCOORD", "WITHDIST", "WITHHASH")));
    }

    @Test
    void geosearchstoreAndGeoradius_matchRedis() {
        same(
                fresh("geosearchstore", sicily(), cmd("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS", "200", "km",
                        "ASC", "COUNT", "2"), cmd("ZRANGE", "d", "0", "-1", "WITHSCORES")),
                fresh("geosearchstore storedist", sicily(), cmd("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS",
                        "200", "km", "STOREDIST"), cmd("ZRANGE", "d", "0", "-1", "WITHSCORES")),
                fresh("geosearchstore empty deletes", sicily(), cmd("SET", "d", "x"), cmd("GEOSEARCHSTORE", "d", "Sicily",
                        "FROMLONLAT", "100", "0", "BYRADIUS", "1", "km"), cmd("GET", "d"),
                        cmd("SET", "d", "x"), cmd("GEOSEARCHSTORE", "d", "none", "FROMLONLAT", "100", "0", "BYRADIUS", "1", "km"),
                        cmd("GET", "d")),
                fresh("geosearchstore errors", sicily(), cmd("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS",
                        "200", "km", "WITHDIST"), cmd("GEOSEARCHSTORE", "d", "Sicily", "FROMLONLAT", "15", "37", "BYRADIUS",
                        "200", "km", "STORE", "x")),
                fresh("georadius", sicily(), cmd("GEORADIUS", "Sicily", "15", "37", "200", "km", "WITHDIST", "ASC"),
                        cmd("GEORADIUS", "Sicily", "15", "37", "200", "km", "COUNT", "1"),
                        cmd("GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "WITHCOORD", "DESC"),
                        cmd("GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "d"), cmd("ZRANGE", "d", "0", "-1", "WITHSCORES"),
                        cmd("GEORADIUS", "Sicily", "15", "37", "200", "km", "STOREDIST", "d"), cmd("ZRANGE", "d", "0", "-1", "WITHSCORES")),
                fresh("georadiusbymember", sicily(), cmd("GEORADIUSBYMEMBER", "Sicily", "Agrigento", "100", "km", "WITHDIST"),
                        cmd("GEORADIUSBYMEMBER_RO", "Sicily", "Palermo", "200", "km", "ASC", "COUNT", "2", "WITHHASH"),
                        cmd("GEORADIUSBYMEMBER", "Sicily", "nope", "100", "km"), cmd("GEORADIUSBYMEMBER", "none", "x", "bad", "km"),
                        cmd("GEORADIUSBYMEMBER", "none", "x", "1", "km", "STORE", "d")),
                fresh("georadius errors", sicily(), cmd("GEORADIUS", "Sicily", "15", "37", "200", "km", "STORE", "d", "WITHDIST"),
                        cmd("GEORADIUS_RO", "Sicily", "15", "37", "200", "km", "STORE", "d"),
                        cmd("GEORADIUS", "Sicily", "15", "37", "200", "km", "FROMLONLAT", "1", "1"),
                        cmd("GEORADIUS", "Sicily", "15", "91", "200", "km"), cmd("GEORADIUS", "Sicily", "15", "37", "-1", "km"),
                        cmd("GEORADIUS", "Sicily", "15", "37", "1", "au"), cmd("GEORADIUS", "Sicily", "15", "37", "1", "km", "STORE"),
                        cmd("GEORADIUS", "none", "15", "37", "1", "km", "STORE", "d")));
    }

    @Test
    void randomPointsAndSearches_matchRedis() {
        SplittableRandom random = new SplittableRandom(7);
        List<String> add = new ArrayList<>(List.of("GEOADD", "g"));
        for (int i = 0; i < 300; i++) {
            add.add(String.valueOf(-180 + 360 * random.nextDouble()));
            add.add(String.valueOf(-85 + 170 * random.nextDouble()));
            add.add("p" + i);
        }
        List<String[]> commands = new ArrayList<>();
        commands.add(add.toArray(String[]::new));
        for (int i = 0; i < 40; i++) {
            String lon = String.valueOf(-180 + 360 * random.nextDouble());
            String lat = String.valueOf(-85 + 170 * random.nextDouble());
            String radius = String.valueOf(random.nextInt(1, 3000));
            commands.add(cmd("GEOSEARCH", "g", "FROMLONLAT", lon, lat, "BYRADIUS", radius, "km", "WITHDIST"));
            commands.add(cmd("GEOSEARCH", "g", "FROMLONLAT", lon, lat, "BYBOX", radius, String.valueOf(random.nextInt(1, 3000)),
                    "km", "ASC", "WITHCOORD"));
            commands.add(cmd("GEODIST", "g", "p" + random.nextInt(300), "p" + random.nextInt(300), "mi"));
            commands.add(cmd("GEOHASH", "g", "p" + random.nextInt(300)));
            commands.add(cmd("GEOPOS", "g", "p" + random.nextInt(300)));
        }
        same(fresh("random points", commands.toArray(String[][]::new)));
    }

    @Test
    void commandInfo_matchesRedis() {
        List<Case> cases = new ArrayList<>();
        for (String name : List.of("geoadd", "geopos", "geodist", "geohash", "geosearch", "georadius_ro", "georadiusbymember_ro")) {
            cases.add(Case.commands("COMMAND INFO " + name, cmd("COMMAND", "INFO", name)));
        }
        // Several key specs: (first, last, step) and movablekeys as Redis's populateCommandLegacyRangeSpec derives them.
        for (String name : List.of("geosearchstore", "georadius", "georadiusbymember")) {
            cases.add(Case.commands("COMMAND INFO " + name, cmd("COMMAND", "INFO", name)));
        }
        for (String name : List.of("geoadd", "geopos", "geodist", "geohash", "geosearch", "geosearchstore", "georadius",
                "georadiusbymember", "georadius_ro", "georadiusbymember_ro")) {
            cases.add(Case.commands("COMMAND DOCS " + name, cmd("COMMAND", "DOCS", name)));
        }
        same(cases.toArray(Case[]::new));
    }
}
