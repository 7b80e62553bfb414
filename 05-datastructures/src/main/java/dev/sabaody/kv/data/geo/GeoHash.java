package dev.sabaody.kv.data.geo;

/**
 * Geohashes as Redis computes them (geohash.c, geohash_helper.c): how a point on Earth becomes one
 * sorted-set score, and how a search area becomes a few score ranges.
 *
 * <h2>A point as 52 bits</h2>
 * Longitude [-180, 180] and latitude [-85.05112878, 85.05112878] (the Web Mercator limits) are
 * each cut in halves 26 times: 26 bits each say "left or right half" at every step. Interleaving
 * them, latitude on the even bits and longitude on the odd bits, gives a 52-bit number in which
 * every prefix of 2k bits names a cell of a grid 2^k by 2^k. A double holds any integer up to 2^53
 * exactly, so the 52 bits are the member's score, and points close on the map tend to be close in
 * score: {@code ZRANGE} over a geo key lists members cell by cell.
 * <pre>
 *   lat bits  a1 a2 a3 ...      lon bits  o1 o2 o3 ...
 *   hash      o1 a1 o2 a2 o3 a3 ...  (most significant first)
 * </pre>
 *
 * <h2>An area as nine ranges</h2>
 * A cell at step k is one contiguous score range: [hash << (52 - 2k), (hash + 1) << (52 - 2k)). A
 * search picks the step whose cells are about as large as the radius
 * ({@link #estimateStepsByRadius}), takes the cell of the centre and its eight neighbours (moving
 * one cell east, west, north, south by adding to the longitude or latitude bits alone), and drops
 * neighbours the bounding box of the search cannot touch. Nine range scans of the skip list then
 * find every candidate; an exact distance (haversine) filters them.
 *
 * <p>Reference: Redis src/geohash.c, src/geohash_helper.c (itself from the Ardb project), and
 * G. Niemeyer's geohash.org for the base-32 string of GEOHASH.
 */
public final class GeoHash {

    /** geohash.h GEO_STEP_MAX: 26 steps of each coordinate = 52 bits. */
    static final int GEO_STEP_MAX = 26;
    /** geohash.h: the latitude limits of Web Mercator (degrees). */
    static final double GEO_LAT_MIN = -85.05112878;
    static final double GEO_LAT_MAX = 85.05112878;
    /** geohash.h: longitude limits (degrees). */
    static final double GEO_LONG_MIN = -180;
    static final double GEO_LONG_MAX = 180;
    /** geohash_helper.c EARTH_RADIUS_IN_METERS: the radius Redis's haversine uses (meters). */
    static final double EARTH_RADIUS_IN_METERS = 6372797.560856;
    /** geohash_helper.c MERCATOR_MAX: half the Earth's circumference at the equator (meters). */
    static final double MERCATOR_MAX = 20037726.37;
    /** geohash_helper.c D_R: degrees to radians. */
    static final double D_R = Math.PI / 180.0;

    private static final long EVEN_BITS = 0x5555555555555555L;
    private static final long ODD_BITS = 0xaaaaaaaaaaaaaaaaL;

    /** A hash of {@code step} steps (2 * step bits); step 0 marks an empty cell ({@code GZERO}). */
    record Bits(long bits, int step) {
        static final Bits ZERO = new Bits(0, 0);

        boolean isZero() {
            return bits == 0 && step == 0;
        }
    }

    /** The rectangle a hash covers, in degrees. */
    record Area(Bits hash, double lonMin, double lonMax, double latMin, double latMax) {
    }

    private GeoHash() {
    }

    // ---------------------------------------------------------------- encode, decode

    /**
     * geohashEncode over the given ranges; null when the point is outside them or outside the
     * Mercator limits.
     */
    static Bits encode(double lonMin, double lonMax, double latMin, double latMax,
                       double longitude, double latitude, int step) {
        if (longitude > 180 || longitude < -180 || latitude > 85.05112878 || latitude < -85.05112878) {
            return null;
        }
        if (latitude < latMin || latitude > latMax || longitude < lonMin || longitude > lonMax) {
            return null;
        }
        double latOffset = (latitude - latMin) / (latMax - latMin);
        double lonOffset = (longitude - lonMin) / (lonMax - lonMin);
        latOffset *= (double) (1L << step);
        lonOffset *= (double) (1L << step);
        // C converts to uint32_t, truncating toward zero.
        return new Bits(interleave((long) latOffset & 0xffffffffL, (long) lonOffset & 0xffffffffL), step);
    }

    /** geohashEncodeWGS84: the hash of a point in Redis's coordinate ranges. */
    static Bits encodeWgs84(double longitude, double latitude, int step) {
        return encode(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, longitude, latitude, step);
    }

    /**
     * interleave64: x's bits on the even positions, y's on the odd ones. {@link Long#expand}
     * scatters bits into a mask, which is exactly this (Redis uses the "binary magic numbers").
     */
    static long interleave(long x, long y) {
        return Long.expand(x, EVEN_BITS) | Long.expand(y, ODD_BITS);
    }

    /** deinterleave64's two halves: the even bits (latitude) and the odd bits (longitude). */
    static long evenBits(long hash) {
        return Long.compress(hash, EVEN_BITS);
    }

    static long oddBits(long hash) {
        return Long.compress(hash, ODD_BITS);
    }

    /** geohashDecode: the cell of {@code hash} in Redis's ranges. */
    static Area decode(Bits hash) {
        return decode(GEO_LONG_MIN, GEO_LONG_MAX, GEO_LAT_MIN, GEO_LAT_MAX, hash);
    }

    static Area decode(double lonMin, double lonMax, double latMin, double latMax, Bits hash) {
        long lat = evenBits(hash.bits) & 0xffffffffL;
        long lon = oddBits(hash.bits) & 0xffffffffL;
        double latScale = latMax - latMin;
        double lonScale = lonMax - lonMin;
        double cells = (double) (1L << hash.step);
        return new Area(hash,
                lonMin + (lon * 1.0 / cells) * lonScale,
                lonMin + ((lon + 1) * 1.0 / cells) * lonScale,
                latMin + (lat * 1.0 / cells) * latScale,
                latMin + ((lat + 1) * 1.0 / cells) * latScale);
    }

    /**
     * decodeGeohash (geo.c): the centre of the cell a score names, clamped to the limits, as
     * {longitude, latitude}. The score is read as C's {@code (uint64_t)score}.
     */
    static double[] decodeScore(double score) {
        Area a = decode(new Bits((long) score, GEO_STEP_MAX));
        double lon = Math.min(GEO_LONG_MAX, Math.max(GEO_LONG_MIN, (a.lonMin + a.lonMax) / 2));
        double lat = Math.min(GEO_LAT_MAX, Math.max(GEO_LAT_MIN, (a.latMin + a.latMax) / 2));
        return new double[] {lon, lat};
    }

    /** geohashAlign52Bits: a hash of any step as the smallest 52-bit score of its cell. */
    static long align52Bits(Bits hash) {
        return hash.bits << (52 - hash.step * 2);
    }

    /** The score GEOADD stores for a point: its 52-bit hash. */
    static long score(double longitude, double latitude) {
        return align52Bits(encodeWgs84(longitude, latitude, GEO_STEP_MAX));
    }

    // ---------------------------------------------------------------- neighbours

    /** geohash_move_x: one cell east (d > 0) or west (d < 0), wrapping around. */
    static Bits moveX(Bits hash, int d) {
        if (d == 0) {
            return hash;
        }
        long x = hash.bits & ODD_BITS;
        long y = hash.bits & EVEN_BITS;
        long zz = EVEN_BITS >>> (64 - hash.step * 2);
        if (d > 0) {
            x = x + (zz + 1);
        } else {
            x = x | zz;
            x = x - (zz + 1);
        }
        x &= ODD_BITS >>> (64 - hash.step * 2);
        return new Bits(x | y, hash.step);
    }

    /** geohash_move_y: one cell north (d > 0) or south (d < 0). */
    static Bits moveY(Bits hash, int d) {
        if (d == 0) {
            return hash;
        }
        long x = hash.bits & ODD_BITS;
        long y = hash.bits & EVEN_BITS;
        long zz = ODD_BITS >>> (64 - hash.step * 2);
        if (d > 0) {
            y = y + (zz + 1);
        } else {
            y = y | zz;
            y = y - (zz + 1);
        }
        y &= EVEN_BITS >>> (64 - hash.step * 2);
        return new Bits(x | y, hash.step);
    }

    // ---------------------------------------------------------------- search areas

    /** geohashEstimateStepsByRadius: the step whose cells are about the size of the radius. */
    static int estimateStepsByRadius(double rangeMeters, double latitude) {
        if (rangeMeters == 0) {
            return 26;
        }
        int step = 1;
        while (rangeMeters < MERCATOR_MAX) {
            rangeMeters *= 2;
            step++;
        }
        step -= 2; // make sure the range is covered in most of the base cases
        // Cells are narrower towards the poles.
        if (latitude > 66 || latitude < -66) {
            step--;
            if (latitude > 80 || latitude < -80) {
                step--;
            }
        }
        return Math.max(1, Math.min(26, step));
    }

    /**
     * geohashBoundingBox: {minLon, minLat, maxLon, maxLat} around a circle or box; the longitude
     * span is taken at the edge nearer the pole, where a degree is shortest.
     */
    static double[] boundingBox(GeoShape shape) {
        double longitude = shape.lon();
        double latitude = shape.lat();
        double height = shape.conversion() * (shape.isCircle() ? shape.radius() : shape.height() / 2);
        double width = shape.conversion() * (shape.isCircle() ? shape.radius() : shape.width() / 2);
        double latDelta = radDeg(height / EARTH_RADIUS_IN_METERS);
        double lonDeltaTop = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude + latDelta)));
        double lonDeltaBottom = radDeg(width / EARTH_RADIUS_IN_METERS / Math.cos(degRad(latitude - latDelta)));
        boolean southern = latitude < 0;
        return new double[] {
            southern ? longitude - lonDeltaBottom : longitude - lonDeltaTop,
            latitude - latDelta,
            southern ? longitude + lonDeltaBottom : longitude + lonDeltaTop,
            latitude + latDelta
        };
    }

    /**
     * geohashCalculateAreasByShapeWGS84: the nine cells to scan, in membersOfAllNeighbors' order
     * (centre, N, S, E, W, NE, NW, SE, SW), with the useless ones set to {@link Bits#ZERO}.
     */
    static Bits[] areasByShape(GeoShape shape) {
        double[] bounds = boundingBox(shape);
        double minLon = bounds[0];
        double minLat = bounds[1];
        double maxLon = bounds[2];
        double maxLat = bounds[3];
        double longitude = shape.lon();
        double latitude = shape.lat();
        double radiusMeters = shape.isCircle() ? shape.radius()
                : Math.sqrt((shape.width() / 2) * (shape.width() / 2) + (shape.height() / 2) * (shape.height() / 2));
        radiusMeters *= shape.conversion();

        int steps = estimateStepsByRadius(radiusMeters, latitude);
        Bits hash = encodeWgs84(longitude, latitude, steps);
        Bits[] n = neighbours(hash);
        // When the search area is near the edge of its cell, one step may not be coarse enough for
        // the neighbours to cover it: then use cells twice as large.
        Area north = decode(n[1]);
        Area south = decode(n[2]);
        Area east = decode(n[3]);
        Area west = decode(n[4]);
        boolean decrease = north.latMax < maxLat || south.latMin > minLat
                || east.lonMax < maxLon || west.lonMin > minLon;
        if (steps > 1 && decrease) {
            steps--;
            hash = encodeWgs84(longitude, latitude, steps);
            n = neighbours(hash);
        }
        Area area = decode(hash);
        if (steps >= 2) {
            if (area.latMin < minLat) {
                n[2] = n[8] = n[7] = Bits.ZERO; // south, south-west, south-east
            }
            if (area.latMax > maxLat) {
                n[1] = n[5] = n[6] = Bits.ZERO; // north, north-east, north-west
            }
            if (area.lonMin < minLon) {
                n[4] = n[8] = n[6] = Bits.ZERO; // west, south-west, north-west
            }
            if (area.lonMax > maxLon) {
                n[3] = n[7] = n[5] = Bits.ZERO; // east, south-east, north-east
            }
        }
        return n;
    }

    /** The cell and its eight neighbours: centre, N, S, E, W, NE, NW, SE, SW. */
    static Bits[] neighbours(Bits hash) {
        return new Bits[] {
            hash,
            moveY(hash, 1),
            moveY(hash, -1),
            moveX(hash, 1),
            moveX(hash, -1),
            moveY(moveX(hash, 1), 1),
            moveY(moveX(hash, -1), 1),
            moveY(moveX(hash, 1), -1),
            moveY(moveX(hash, -1), -1),
        };
    }

    // ---------------------------------------------------------------- distance

    static double degRad(double degrees) {
        return degrees * D_R;
    }

    static double radDeg(double radians) {
        return radians / D_R;
    }

    /** geohashGetLatDistance: along a meridian, the haversine reduces to R * |dlat|. */
    static double latDistance(double lat1, double lat2) {
        return EARTH_RADIUS_IN_METERS * Math.abs(degRad(lat2) - degRad(lat1));
    }

    /** geohashGetDistance: great-circle distance in meters by the haversine formula. */
    static double distance(double lon1, double lat1, double lon2, double lat2) {
        double lon1r = degRad(lon1);
        double lon2r = degRad(lon2);
        double v = Math.sin((lon2r - lon1r) / 2);
        if (v == 0.0) {
            return latDistance(lat1, lat2);
        }
        double lat1r = degRad(lat1);
        double lat2r = degRad(lat2);
        double u = Math.sin((lat2r - lat1r) / 2);
        double a = u * u + Math.cos(lat1r) * Math.cos(lat2r) * v * v;
        return 2.0 * EARTH_RADIUS_IN_METERS * Math.asin(Math.sqrt(a));
    }

    /**
     * geohashGetDistanceIfInRectangle: the distance from the box's centre, or -1 when the point is
     * outside the box (north-south distance checked first, as it is cheaper).
     */
    static double distanceIfInRectangle(double widthM, double heightM, double x1, double y1, double x2, double y2) {
        if (latDistance(y2, y1) > heightM / 2) {
            return -1;
        }
        if (distance(x2, y2, x1, y2) > widthM / 2) {
            return -1;
        }
        return distance(x1, y1, x2, y2);
    }

    // ---------------------------------------------------------------- GEOHASH strings

    private static final char[] GEO_ALPHABET = "0123456789bcdefghjkmnpqrstuvwxyz".toCharArray();

    /**
     * The 11-character geohash.org string of a score (geohashCommand): decode, re-encode with the
     * standard latitude range [-90, 90], then 5 bits a character; the 11th has no bits left and is '0'.
     */
    static String base32(double score) {
        double[] xy = decodeScore(score);
        Bits hash = encode(-180, 180, -90, 90, xy[0], xy[1], 26);
        long bits = hash == null ? 0 : hash.bits;
        char[] out = new char[11];
        for (int i = 0; i < 11; i++) {
            int idx = i == 10 ? 0 : (int) ((bits >>> (52 - ((i + 1) * 5))) & 0x1f);
            out[i] = GEO_ALPHABET[idx];
        }
        return new String(out);
    }
}
