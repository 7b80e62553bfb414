package dev.sabaody.kv.data.geo;

/**
 * What a geo search looks for (geo.h GeoShape): a circle of {@code radius}, or a box of
 * {@code width} by {@code height}, around (lon, lat). Sizes are in the user's unit;
 * {@code conversion} turns them into meters (1 for m, 1000 for km, 0.3048 for ft, 1609.34 for mi).
 */
record GeoShape(double lon, double lat, boolean isCircle, double radius, double width, double height,
                double conversion) {

    static GeoShape circle(double lon, double lat, double radius, double conversion) {
        return new GeoShape(lon, lat, true, radius, 0, 0, conversion);
    }

    static GeoShape box(double lon, double lat, double width, double height, double conversion) {
        return new GeoShape(lon, lat, false, 0, width, height, conversion);
    }

    GeoShape at(double newLon, double newLat) {
        return new GeoShape(newLon, newLat, isCircle, radius, width, height, conversion);
    }

    GeoShape withCircle(double newRadius, double newConversion) {
        return new GeoShape(lon, lat, true, newRadius, 0, 0, newConversion);
    }

    GeoShape withBox(double newWidth, double newHeight, double newConversion) {
        return new GeoShape(lon, lat, false, 0, newWidth, newHeight, newConversion);
    }

    /**
     * The distance in meters from the centre to (x, y), or -1 when the point is outside the shape
     * (geoAppendIfWithinShape).
     */
    double distanceIfInside(double x, double y) {
        if (isCircle) {
            double d = GeoHash.distance(lon, lat, x, y);
            return d > radius * conversion ? -1 : d;
        }
        return GeoHash.distanceIfInRectangle(width * conversion, height * conversion, lon, lat, x, y);
    }
}
