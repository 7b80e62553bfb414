package dev.sabaody.kv.data.geo;

import dev.sabaody.kv.data.zsets.Arguments;
import dev.sabaody.kv.resp.CommandContext;
import dev.sabaody.kv.resp.RespEncoder;
import java.math.BigDecimal;
import java.math.RoundingMode;

/**
 * How geo commands print numbers and read coordinates, byte for byte as Redis 7.0:
 * <ul>
 *   <li>coordinates (GEOPOS, WITHCOORD): addReplyHumanLongDouble, {@code %.17Lf} with trailing zeros
 *       cut, e.g. 13.36138933897018433; a RESP3 double;
 *   <li>distances (GEODIST, WITHDIST): {@code %.4f}, always a bulk string;
 *   <li>the out-of-range error: {@code %f} of both coordinates.
 * </ul>
 * C's printf rounds the exact binary value; {@link BigDecimal#BigDecimal(double)} is that exact
 * value, so rounding it half-even to the same scale prints the same digits.
 */
final class GeoReplies {

    private GeoReplies() {
    }

    /** ld2string(LD_STR_HUMAN) of a double. */
    static String human(double d) {
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(17, RoundingMode.HALF_EVEN).toPlainString();
        if (s.indexOf('.') >= 0) {
            int end = s.length();
            while (s.charAt(end - 1) == '0') {
                end--;
            }
            if (s.charAt(end - 1) == '.') {
                end--;
            }
            s = s.substring(0, end);
        }
        return s.equals("-0") ? "0" : s;
    }

    static void coordinate(RespEncoder reply, double d) {
        String text = human(d);
        if (reply.protocol() == 2) {
            reply.bulkAscii(text);
        } else {
            reply.output().write((byte) ',').writeAscii(text).writeAscii("\r\n");
        }
    }

    /** C's {@code %.<decimals>f}. */
    static String fixed(double d, int decimals) {
        if (Double.isNaN(d)) {
            return "nan";
        }
        if (Double.isInfinite(d)) {
            return d > 0 ? "inf" : "-inf";
        }
        String s = new BigDecimal(d).setScale(decimals, RoundingMode.HALF_EVEN).toPlainString();
        // BigDecimal loses the sign of a value that rounds to zero; printf keeps it.
        if ((d < 0 || (d == 0 && 1 / d < 0)) && !s.startsWith("-")) {
            s = "-" + s;
        }
        return s;
    }

    /** addReplyDoubleDistance. */
    static void distance(RespEncoder reply, double meters) {
        reply.bulkAscii(fixed(meters, 4));
    }

    /**
     * extractLongLatOrReply: arguments i and i + 1 as {longitude, latitude}, or null after the error.
     */
    static double[] longLat(CommandContext<?> ctx, int i) {
        double lon = Arguments.parseDouble(ctx, i, null);
        if (Double.isNaN(lon)) {
            return null;
        }
        double lat = Arguments.parseDouble(ctx, i + 1, null);
        if (Double.isNaN(lat)) {
            return null;
        }
        if (lon < GeoHash.GEO_LONG_MIN || lon > GeoHash.GEO_LONG_MAX || lat < GeoHash.GEO_LAT_MIN || lat > GeoHash.GEO_LAT_MAX) {
            ctx.reply().error("-ERR invalid longitude,latitude pair " + fixed(lon, 6) + "," + fixed(lat, 6));
            return null;
        }
        return new double[] {lon, lat};
    }

    /** extractUnitOrReply: meters per unit, or -1 after the error. */
    static double unit(CommandContext<?> ctx, int i) {
        if (ctx.argv().equalsIgnoreCase(i, "m")) {
            return 1;
        } else if (ctx.argv().equalsIgnoreCase(i, "km")) {
            return 1000;
        } else if (ctx.argv().equalsIgnoreCase(i, "ft")) {
            return 0.3048;
        } else if (ctx.argv().equalsIgnoreCase(i, "mi")) {
            return 1609.34;
        }
        ctx.reply().error("unsupported unit provided. please use M, KM, FT, MI");
        return -1;
    }
}
