package dev.sabaody.kv.data.geo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.DoubleRange;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.Scale;
import org.junit.jupiter.api.Test;

/** Geohash encode/decode, cell moves and distances, for all inputs. */
class GeoHashPropertyTest {

    /** A 26-step cell is 360 / 2^26 degrees of longitude wide and 170.1 / 2^26 of latitude high. */
    static final double CELL_LON = 360.0 / (1L << 26);
    static final double CELL_LAT = (GeoHash.GEO_LAT_MAX - GeoHash.GEO_LAT_MIN) / (1L << 26);

    @Property(tries = 5000)
    void encodeThenDecode_returnsPointWithinHalfACell(
            @ForAll @Scale(12) @DoubleRange(min = -180, max = 180, maxIncluded = false) double lon,
            @ForAll @Scale(12) @DoubleRange(min = -85.05112878, max = 85.05112878) double lat) {
        // lon = 180 is left out: its offset 2^26 overflows into bit 53, the score is no longer exact
        // in a double, and rounding it moves the latitude by a cell (in Redis too).
        long score = GeoHash.score(lon, lat);
        // 52 bits, except on the east and north edges, where an offset of exactly 2^26 sets bit 53
        // or 52 (Redis does the same: GEOADD k 180 0 m stores 10133099161583616).
        assertTrue(score >= 0 && score < 1L << 54, "score " + score);
        if (score < 1L << 53) {
            assertEquals(score, (long) (double) score, "a double holds the score exactly");
        }
        double[] xy = GeoHash.decodeScore(score);
        assertTrue(Math.abs(xy[0] - lon) <= CELL_LON / 2 + 1e-9, "longitude " + lon + " -> " + xy[0]);
        assertTrue(Math.abs(xy[1] - lat) <= CELL_LAT / 2 + 1e-9, "latitude " + lat + " -> " + xy[1]);
    }

    @Property(tries = 2000)
    void decodedPoint_encodesToTheSameScore(
            @ForAll @Scale(12) @DoubleRange(min = -179.9999, max = 179.9999) double lon,
            @ForAll @Scale(12) @DoubleRange(min = -85, max = 85) double lat) {
        long score = GeoHash.score(lon, lat);
        double[] xy = GeoHash.decodeScore(score);
        assertEquals(score, GeoHash.score(xy[0], xy[1]), "the centre of a cell lies in that cell");
    }

    @Property(tries = 2000)
    void cellAtAnyStep_containsItsPoint(
            @ForAll @Scale(12) @DoubleRange(min = -179.9999, max = 179.9999) double lon,
            @ForAll @Scale(12) @DoubleRange(min = -85, max = 85) double lat,
            @ForAll @IntRange(min = 1, max = 26) int step) {
        GeoHash.Area a = GeoHash.decode(GeoHash.encodeWgs84(lon, lat, step));
        assertTrue(a.lonMin() <= lon && lon <= a.lonMax() && a.latMin() <= lat && lat <= a.latMax());
    }

    @Property(tries = 1000)
    void movingEastThenWest_returnsToTheSameCell(
            @ForAll @Scale(12) @DoubleRange(min = -179, max = 179) double lon,
            @ForAll @Scale(12) @DoubleRange(min = -84, max = 84) double lat,
            @ForAll @IntRange(min = 1, max = 26) int step) {
        GeoHash.Bits cell = GeoHash.encodeWgs84(lon, lat, step);
        assertEquals(cell, GeoHash.moveX(GeoHash.moveX(cell, 1), -1));
        assertEquals(cell, GeoHash.moveY(GeoHash.moveY(cell, -1), 1));
        GeoHash.Area here = GeoHash.decode(cell);
        GeoHash.Area east = GeoHash.decode(GeoHash.moveX(cell, 1));
        if (here.lonMax() < 180) {
            assertEquals(here.lonMax(), east.lonMin(), 1e-9, "east neighbour starts where the cell ends");
        }
    }

    @Test
    void interleave_putsLatitudeOnEvenBits() {
        assertEquals(0b01L, GeoHash.interleave(1, 0));
        assertEquals(0b10L, GeoHash.interleave(0, 1));
        assertEquals(0xffffffffL, GeoHash.evenBits(GeoHash.interleave(0xffffffffL, 0)));
        assertEquals(0x12345678L, GeoHash.oddBits(GeoHash.interleave(0x9abcdefL, 0x12345678L)));
    }

    @Test
    void distance_palermoToCatania_isRedisDocsFigure() {
        // Redis's GEODIST documentation: 166274.1516 m.
        double d = GeoHash.distance(13.361389338970184, 38.115556395496299, 15.087267458438873, 37.50266842333162);
        assertEquals("166274.1516", GeoReplies.fixed(d, 4));
    }

    @Test
    void base32_palermo_isRedisDocsHash() {
        assertEquals("sqc8b49rny0", GeoHash.base32(GeoHash.score(13.361389, 38.115556)));
    }
}
