package dev.asyncjobs.sateais.api;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * The body of {@code POST /api/v1/detect/{type}}, as the vendor's detection pages describe it. ship and oilslick take
 * either a {@code scene_id} or a {@code polygon} with a {@code date} (and {@code date_direction}, optionally
 * {@code orbit_direction}); newbuilding and timeseries take a {@code polygon} with {@code date_start} and
 * {@code date_end}. Polygons are WKT in EPSG:4326, "lon lat" order. Fields left null are not sent.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public final class DetectionRequest {

    @JsonProperty("satellite_id")
    private String satelliteId = "sentinel-1";
    @JsonProperty("scene_id")
    private String sceneId;
    @JsonProperty("polygon")
    private String polygon;
    @JsonProperty("date")
    private String date;
    @JsonProperty("date_direction")
    private String dateDirection;
    @JsonProperty("orbit_direction")
    private String orbitDirection;
    @JsonProperty("date_start")
    private String dateStart;
    @JsonProperty("date_end")
    private String dateEnd;

    /** A ship or oilslick detection over one scene. */
    public static DetectionRequest scene(String sceneId) {
        return new DetectionRequest().sceneId(sceneId);
    }

    /** A ship or oilslick detection over a polygon, on the scene nearest to / before / after a date. */
    public static DetectionRequest polygonAtDate(String wktPolygon, String date, String dateDirection) {
        return new DetectionRequest().polygon(wktPolygon).date(date).dateDirection(dateDirection);
    }

    /** A newbuilding or timeseries detection over a polygon and a date range. */
    public static DetectionRequest polygonBetween(String wktPolygon, String dateStart, String dateEnd) {
        return new DetectionRequest().polygon(wktPolygon).dateStart(dateStart).dateEnd(dateEnd);
    }

    public DetectionRequest satelliteId(String satelliteId) {
        this.satelliteId = satelliteId;
        return this;
    }

    public DetectionRequest sceneId(String sceneId) {
        this.sceneId = sceneId;
        return this;
    }

    public DetectionRequest polygon(String polygon) {
        this.polygon = polygon;
        return this;
    }

    public DetectionRequest date(String date) {
        this.date = date;
        return this;
    }

    public DetectionRequest dateDirection(String dateDirection) {
        this.dateDirection = dateDirection;
        return this;
    }

    public DetectionRequest orbitDirection(String orbitDirection) {
        this.orbitDirection = orbitDirection;
        return this;
    }

    public DetectionRequest dateStart(String dateStart) {
        this.dateStart = dateStart;
        return this;
    }

    public DetectionRequest dateEnd(String dateEnd) {
        this.dateEnd = dateEnd;
        return this;
    }

    public String getSatelliteId() {
        return satelliteId;
    }

    public String getSceneId() {
        return sceneId;
    }

    public String getPolygon() {
        return polygon;
    }

    public String getDate() {
        return date;
    }

    public String getDateDirection() {
        return dateDirection;
    }

    public String getOrbitDirection() {
        return orbitDirection;
    }

    public String getDateStart() {
        return dateStart;
    }

    public String getDateEnd() {
        return dateEnd;
    }
}
