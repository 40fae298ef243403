package dev.asyncjobs.sateais.api;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A WKT {@code POLYGON} in EPSG:4326 ("lon lat" order), parsed strictly enough to catch a wrong polygon before it
 * costs credits, with its geodesic area. The area is computed on the sphere of the Earth's mean radius, within about
 * 0.5 % of the ellipsoidal area: enough to check the vendor's caps (50 km² for timeseries, 30,000 km² for newbuilding).
 */
public final class WktPolygon {

    private static final double EARTH_MEAN_RADIUS_M = 6_371_008.8;

    private final List<double[][]> rings;

    private WktPolygon(List<double[][]> rings) {
        this.rings = rings;
    }

    /**
     * Parses {@code POLYGON ((lon lat, ...), (hole ...))}.
     *
     * @throws IllegalArgumentException saying what is wrong
     */
    public static WktPolygon parse(String wkt) {
        if (wkt == null || wkt.isBlank()) {
            throw new IllegalArgumentException("it is empty");
        }
        String text = wkt.trim();
        String upper = text.toUpperCase(Locale.ROOT);
        if (!upper.startsWith("POLYGON")) {
            throw new IllegalArgumentException("it must be a WKT POLYGON, e.g. POLYGON((lon lat, lon lat, lon lat, lon lat))");
        }
        String body = text.substring("POLYGON".length()).trim();
        if (!body.startsWith("((") || !body.endsWith("))")) {
            throw new IllegalArgumentException("a WKT POLYGON has its rings in double parentheses: POLYGON((...))");
        }
        String inner = body.substring(1, body.length() - 1).trim();
        List<double[][]> rings = new ArrayList<>();
        int i = 0;
        while (i < inner.length()) {
            int open = inner.indexOf('(', i);
            int close = inner.indexOf(')', open + 1);
            if (open < 0 || close < 0) {
                throw new IllegalArgumentException("unbalanced parentheses");
            }
            rings.add(parseRing(inner.substring(open + 1, close), rings.size()));
            i = close + 1;
            while (i < inner.length() && (inner.charAt(i) == ',' || Character.isWhitespace(inner.charAt(i)))) {
                i++;
            }
        }
        if (rings.isEmpty()) {
            throw new IllegalArgumentException("it has no ring");
        }
        return new WktPolygon(rings);
    }

    private static double[][] parseRing(String text, int index) {
        String[] points = text.split(",");
        double[][] ring = new double[points.length][];
        for (int p = 0; p < points.length; p++) {
            String[] xy = points[p].trim().split("\\s+");
            if (xy.length != 2) {
                throw new IllegalArgumentException("point '" + points[p].trim() + "' of ring " + index
                        + " is not 'lon lat'");
            }
            double lon;
            double lat;
            try {
                lon = Double.parseDouble(xy[0]);
                lat = Double.parseDouble(xy[1]);
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("point '" + points[p].trim() + "' of ring " + index + " is not numeric");
            }
            if (lon < -180 || lon > 180 || lat < -90 || lat > 90) {
                throw new IllegalArgumentException("point '" + points[p].trim() + "' is outside lon -180..180 / lat -90..90"
                        + " (EPSG:4326 WKT is 'lon lat': are the coordinates swapped?)");
            }
            ring[p] = new double[] { lon, lat };
        }
        if (ring.length < 4) {
            throw new IllegalArgumentException("ring " + index + " has " + ring.length
                    + " points; a closed ring needs at least 4 (the first repeated last)");
        }
        if (ring[0][0] != ring[ring.length - 1][0] || ring[0][1] != ring[ring.length - 1][1]) {
            throw new IllegalArgumentException("ring " + index + " is not closed: its last point must repeat its first");
        }
        return ring;
    }

    /** The geodesic area in km² (outer ring minus holes). */
    public double areaKm2() {
        double area = ringArea(rings.get(0));
        for (int r = 1; r < rings.size(); r++) {
            area -= ringArea(rings.get(r));
        }
        return Math.max(0, area) / 1_000_000.0;
    }

    private static double ringArea(double[][] ring) {
        double sum = 0;
        for (int i = 0; i < ring.length - 1; i++) {
            double lon1 = Math.toRadians(ring[i][0]);
            double lon2 = Math.toRadians(ring[i + 1][0]);
            double lat1 = Math.toRadians(ring[i][1]);
            double lat2 = Math.toRadians(ring[i + 1][1]);
            sum += (lon2 - lon1) * (2 + Math.sin(lat1) + Math.sin(lat2));
        }
        return Math.abs(sum * EARTH_MEAN_RADIUS_M * EARTH_MEAN_RADIUS_M / 2.0);
    }
}
