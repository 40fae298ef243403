package dev.asyncjobs.simulator.sateais;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.Random;

/**
 * Small, plausible GeoJSON results: a few Point detections inside the job's AOI (or off Rotterdam for scene-based
 * jobs), deterministic per job id so repeated downloads are identical.
 */
final class SateaisResults {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    /** North Sea approaches to Rotterdam, {minLon, minLat, maxLon, maxLat}, for jobs given a scene_id. */
    private static final double[] DEFAULT_BBOX = {3.80, 51.90, 4.10, 52.05};

    private SateaisResults() {
    }

    static String featureCollection(String jobId, String type, double[] bbox, String detectedAt, Random rnd) {
        double[] box = bbox != null ? bbox : DEFAULT_BBOX;
        ObjectNode fc = MAPPER.createObjectNode();
        fc.put("type", "FeatureCollection");
        ArrayNode features = fc.putArray("features");
        int count = 3 + rnd.nextInt(3);
        for (int i = 0; i < count; i++) {
            ObjectNode feature = features.addObject();
            feature.put("type", "Feature");
            ObjectNode geometry = feature.putObject("geometry");
            geometry.put("type", "Point");
            geometry.putArray("coordinates")
                    .add(round(box[0] + rnd.nextDouble() * (box[2] - box[0]), 6))
                    .add(round(box[1] + rnd.nextDouble() * (box[3] - box[1]), 6));
            ObjectNode p = feature.putObject("properties");
            p.put("detection_id", i + 1);
            p.put("job_id", jobId);
            p.put("confidence", round(0.7 + rnd.nextDouble() * 0.29, 2));
            p.put("detected_at", detectedAt);
            switch (type) {
                case "ship" -> {
                    p.put("class", "ship");
                    p.put("length_m", round(20 + rnd.nextDouble() * 300, 1));
                    p.put("width_m", round(5 + rnd.nextDouble() * 45, 1));
                    p.put("heading_deg", round(rnd.nextDouble() * 360, 1));
                }
                case "oilslick" -> {
                    p.put("class", "oil_slick");
                    p.put("area_km2", round(0.1 + rnd.nextDouble() * 5, 2));
                }
                case "newbuilding" -> {
                    p.put("class", "new_building");
                    p.put("footprint_m2", round(50 + rnd.nextDouble() * 2000, 0));
                }
                default -> {
                    p.put("class", "change");
                    p.put("change_score", round(rnd.nextDouble(), 2));
                }
            }
        }
        try {
            return MAPPER.writeValueAsString(fc);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static double round(double value, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(value * f) / f;
    }
}
