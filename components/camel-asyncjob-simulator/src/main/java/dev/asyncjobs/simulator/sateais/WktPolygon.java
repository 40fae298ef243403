package dev.asyncjobs.simulator.sateais;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The outer ring of a WKT POLYGON in EPSG:4326 (lon lat), just enough to validate it and compute its area. */
final class WktPolygon {

    private static final Pattern POLYGON = Pattern.compile("^\\s*POLYGON\\s*\\(\\s*\\((.*?)\\)", Pattern.CASE_INSENSITIVE);
    private static final double EARTH_RADIUS_M = 6_378_137.0;

    private final List<double[]> ring;

    private WktPolygon(List<double[]> ring) {
        this.ring = ring;
    }

    /** Parses the outer ring; null when the text is not a closed WKT POLYGON with valid lon/lat pairs. */
    static WktPolygon parse(String wkt) {
        Matcher m = POLYGON.matcher(wkt);
        if (!m.find()) {
            return null;
        }
        List<double[]> points = new ArrayList<>();
        for (String pair : m.group(1).split(",")) {
            String[] xy = pair.trim().split("\\s+");
            if (xy.length < 2 || xy.length > 3) {
                return null;
            }
            try {
                double lon = Double.parseDouble(xy[0]);
                double lat = Double.parseDouble(xy[1]);
                if (Math.abs(lon) > 180 || Math.abs(lat) > 90) {
                    return null;
                }
                points.add(new double[] {lon, lat});
            } catch (NumberFormatException e) {
                return null;
            }
        }
        // a linear ring needs at least 4 positions and must be closed, as any WKT/GEOS parser insists
        if (points.size() < 4) {
            return null;
        }
        double[] first = points.get(0);
        double[] last = points.get(points.size() - 1);
        if (first[0] != last[0] || first[1] != last[1]) {
            return null;
        }
        return new WktPolygon(points);
    }

    /** Area on a spherical Earth in km² (Chamberlain and Duquette, "Some algorithms for polygons on a sphere"). */
    double areaKm2() {
        double sum = 0;
        for (int i = 0; i < ring.size() - 1; i++) {
            double[] p1 = ring.get(i);
            double[] p2 = ring.get(i + 1);
            sum += Math.toRadians(p2[0] - p1[0])
                    * (2 + Math.sin(Math.toRadians(p1[1])) + Math.sin(Math.toRadians(p2[1])));
        }
        return Math.abs(sum * EARTH_RADIUS_M * EARTH_RADIUS_M / 2) / 1e6;
    }

    /** Bounding box as {minLon, minLat, maxLon, maxLat}. */
    double[] bbox() {
        double[] b = {Double.MAX_VALUE, Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] p : ring) {
            b[0] = Math.min(b[0], p[0]);
            b[1] = Math.min(b[1], p[1]);
            b[2] = Math.max(b[2], p[0]);
            b[3] = Math.max(b[3], p[1]);
        }
        return b;
    }

    /** Formats an area the way the vendor's messages do, e.g. "52.6". */
    static String formatKm2(double km2) {
        return String.format(Locale.ROOT, "%.1f", km2);
    }
}
