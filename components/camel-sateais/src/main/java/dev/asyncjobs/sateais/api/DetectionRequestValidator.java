package dev.asyncjobs.sateais.api;

import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.databind.JsonNode;
import dev.asyncjobs.engine.spi.InvalidRequestException;

/**
 * Checks a detection request before it is sent, so a request the API would refuse, or a polygon over the vendor's
 * area cap, costs no credits and fails with the field's name and the limit. Works on the JSON tree, so typed requests
 * and users' own maps or JSON get the same checks; fields this class does not know are passed through unchecked.
 */
public final class DetectionRequestValidator {

    /** timeseries polygons are capped at 50 km². */
    public static final double TIMESERIES_MAX_AREA_KM2 = 50;
    /** newbuilding polygons are capped at 30,000 km². */
    public static final double NEWBUILDING_MAX_AREA_KM2 = 30_000;
    /** timeseries date ranges are capped at 3 years. */
    public static final Period TIMESERIES_MAX_RANGE = Period.ofYears(3);

    private static final Set<String> DATE_DIRECTIONS = Set.of("before", "after", "nearest");
    private static final String VENDOR = SateaisClient.VENDOR;

    private DetectionRequestValidator() {
    }

    /** @throws InvalidRequestException naming the first field at fault */
    public static void validate(DetectionType type, JsonNode body) {
        if (body == null || !body.isObject()) {
            throw invalid("body", "the " + type + " detection request must be a JSON object, a Map or a DetectionRequest");
        }
        requireText(body, "satellite_id", type, "e.g. \"sentinel-1\"");
        if (type.sceneBased()) {
            if (!hasText(body, "scene_id")) {
                if (!hasText(body, "polygon") || !hasText(body, "date")) {
                    throw invalid("scene_id", "a " + type + " detection needs either scene_id, or polygon with date");
                }
            }
            if (hasText(body, "polygon")) {
                polygon(body, type);
            }
            if (hasText(body, "date")) {
                parseDate(body, "date", type);
            }
            if (hasText(body, "date_direction")
                    && !DATE_DIRECTIONS.contains(body.get("date_direction").asText().toLowerCase(Locale.ROOT))) {
                throw invalid("date_direction", "date_direction must be one of before, after, nearest; was '"
                        + body.get("date_direction").asText() + "'");
            }
        } else {
            requireText(body, "polygon", type, "a WKT POLYGON in EPSG:4326, lon lat");
            requireText(body, "date_start", type, "an ISO date, e.g. 2026-01-01");
            requireText(body, "date_end", type, "an ISO date, e.g. 2026-06-30");
            WktPolygon polygon = polygon(body, type);
            double area = polygon.areaKm2();
            double cap = type == DetectionType.timeseries ? TIMESERIES_MAX_AREA_KM2 : NEWBUILDING_MAX_AREA_KM2;
            if (area > cap) {
                throw invalid("polygon", String.format(Locale.ROOT,
                        "polygon area (%.1f km²) exceeds the %,.0f km² limit for %s detections; draw a smaller polygon",
                        area, cap, type));
            }
            LocalDate start = parseDate(body, "date_start", type);
            LocalDate end = parseDate(body, "date_end", type);
            if (end.isBefore(start)) {
                throw invalid("date_end", "date_end (" + end + ") is before date_start (" + start + ")");
            }
            if (type == DetectionType.timeseries && end.isAfter(start.plus(TIMESERIES_MAX_RANGE))) {
                throw invalid("date_end", "the timeseries date range " + start + " .. " + end
                        + " is longer than the 3 years allowed; split it into several jobs");
            }
        }
    }

    private static WktPolygon polygon(JsonNode body, DetectionType type) {
        try {
            return WktPolygon.parse(body.get("polygon").asText());
        } catch (IllegalArgumentException e) {
            throw invalid("polygon", "polygon of the " + type + " detection is not valid WKT: " + e.getMessage());
        }
    }

    private static LocalDate parseDate(JsonNode body, String field, DetectionType type) {
        String text = body.get(field).asText();
        try {
            return LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            try {
                return OffsetDateTime.parse(text).toLocalDate();
            } catch (DateTimeParseException e2) {
                throw invalid(field, field + " of the " + type + " detection must be an ISO 8601 date (2026-03-12) or"
                        + " date-time (2026-03-12T15:00:00Z); was '" + text + "'");
            }
        }
    }

    private static void requireText(JsonNode body, String field, DetectionType type, String hint) {
        if (!hasText(body, field)) {
            throw invalid(field, "a " + type + " detection needs " + field + " (" + hint + ")");
        }
    }

    private static boolean hasText(JsonNode body, String field) {
        JsonNode node = body.get(field);
        return node != null && !node.isNull() && !node.asText().isBlank();
    }

    private static InvalidRequestException invalid(String field, String message) {
        return InvalidRequestException.beforeSending(VENDOR, field, "SateAIs request not sent: " + message);
    }
}
