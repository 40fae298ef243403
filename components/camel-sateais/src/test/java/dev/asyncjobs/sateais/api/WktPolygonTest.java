package dev.asyncjobs.sateais.api;

import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class WktPolygonTest {

    /** WGS84 area of the 1° x 1° cell at the equator, 12,308.8 km²: the spherical area is within 0.5 % of it. */
    @Test
    void areaOfAOneDegreeCellAtTheEquatorMatchesTheEllipsoid() {
        double area = WktPolygon.parse("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))").areaKm2();

        assertEquals(12_308.8, area, 12_308.8 * 0.005);
    }

    @Test
    void areaShrinksTowardsThePolesAndIgnoresWindingOrder() {
        double equator = WktPolygon.parse("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))").areaKm2();
        double northCounterClockwise = WktPolygon.parse("POLYGON((0 60, 1 60, 1 61, 0 61, 0 60))").areaKm2();
        double northClockwise = WktPolygon.parse("POLYGON((0 60, 0 61, 1 61, 1 60, 0 60))").areaKm2();

        assertEquals(northCounterClockwise, northClockwise, 1e-9);
        assertEquals(0.5, northCounterClockwise / equator, 0.01, "cos 60.5° ≈ 0.49");
    }

    @Test
    void holesAreSubtracted() {
        double outer = WktPolygon.parse("POLYGON((0 0, 1 0, 1 1, 0 1, 0 0))").areaKm2();
        double withHole = WktPolygon.parse(
                "POLYGON((0 0, 1 0, 1 1, 0 1, 0 0), (0.25 0.25, 0.75 0.25, 0.75 0.75, 0.25 0.75, 0.25 0.25))").areaKm2();

        assertEquals(0.75, withHole / outer, 0.001);
    }

    @Test
    void malformedPolygonsSayWhatIsWrong() {
        assertMessage("POINT(1 2)", "POLYGON");
        assertMessage("POLYGON(0 0, 1 0, 1 1, 0 0)", "double parentheses");
        assertMessage("POLYGON((0 0, 1 0, 0 0))", "at least 4");
        assertMessage("POLYGON((0 0, 1 0, 1 1, 0 1))", "not closed");
        assertMessage("POLYGON((-33.9 151.2, -33.8 151.2, -33.8 151.3, -33.9 151.3, -33.9 151.2))", "swapped");
        assertMessage("POLYGON((0 0, 1 x, 1 1, 0 0))", "not numeric");
        assertMessage("", "empty");
    }

    private static void assertMessage(String wkt, String expected) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> WktPolygon.parse(wkt));
        assertTrue(e.getMessage().contains(expected), wkt + " -> " + e.getMessage());
    }
}
