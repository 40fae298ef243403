package dev.asyncjobs.simulator.spideriq;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.net.URI;
import java.util.Locale;
import java.util.Random;

/**
 * The {@code data} object of a completed job's results, in the "flat structure" of the vendor's results page: a
 * representative subset of its fields (contact data and social profiles for spiderSite, businesses for spiderMaps),
 * made up deterministically from the job so that tests can compare answers.
 */
final class SpiderIqResults {

    private static final ObjectMapper MAPPER = new ObjectMapper();
    private static final String[] SOCIAL = {"linkedin", "twitter", "facebook", "instagram", "youtube", "github"};
    private static final String[] STREETS = {"Grand-Rue", "Avenue de la Liberte", "Rue du Fosse", "Boulevard Royal"};

    private SpiderIqResults() {
    }

    static JsonNode data(String type, JsonNode payload, Random random) {
        return "spiderSite".equals(type) ? site(payload, random) : maps(payload, random);
    }

    private static ObjectNode site(JsonNode payload, Random random) {
        String url = payload.path("url").asText();
        String host = host(url);
        String name = host.replaceFirst("^www\\.", "").replaceFirst("\\..*$", "");
        ObjectNode data = MAPPER.createObjectNode();
        data.put("url", url);
        data.put("pages_crawled", 3 + random.nextInt(20));
        data.put("crawl_status", "success");
        ArrayNode emails = data.putArray("emails");
        emails.add("info@" + host.replaceFirst("^www\\.", ""));
        emails.add("sales@" + host.replaceFirst("^www\\.", ""));
        data.putArray("phones").add(String.format(Locale.ROOT, "+352 %03d %03d", random.nextInt(1000),
                random.nextInt(1000)));
        data.putArray("addresses").add((1 + random.nextInt(90)) + " " + STREETS[random.nextInt(STREETS.length)]
                + ", L-1" + (100 + random.nextInt(900)) + " Luxembourg");
        for (String social : SOCIAL) {
            if (random.nextBoolean()) {
                data.put(social, "https://www." + social + ".com/" + name);
            } else {
                data.putNull(social);
            }
        }
        data.put("markdown_compendium", "# " + host + "\n\nContact: info@" + host.replaceFirst("^www\\.", "") + "\n");
        return data;
    }

    private static ObjectNode maps(JsonNode payload, Random random) {
        String query = payload.path("search_query").asText();
        int count = payload.path("max_results").canConvertToInt() && payload.path("max_results").asInt() > 0
                ? payload.get("max_results").asInt() : SpiderIqSimulator.DEFAULT_MAPS_RESULTS;
        count = Math.min(count, 5 + random.nextInt(SpiderIqSimulator.MAX_RESULTS));
        ObjectNode data = MAPPER.createObjectNode();
        data.put("query", query);
        data.put("results_count", count);
        ArrayNode businesses = data.putArray("businesses");
        for (int i = 1; i <= count; i++) {
            ObjectNode b = businesses.addObject();
            String name = capitalise(query) + " " + i;
            b.put("name", name);
            b.put("place_id", "ChIJ" + Long.toHexString(random.nextLong()));
            b.put("rating", Math.round((3 + random.nextDouble() * 2) * 10) / 10.0);
            b.put("reviews_count", random.nextInt(500));
            b.put("address", (1 + random.nextInt(90)) + " " + STREETS[random.nextInt(STREETS.length)] + ", Luxembourg");
            b.put("phone", String.format(Locale.ROOT, "+352 %03d %03d", random.nextInt(1000), random.nextInt(1000)));
            b.put("website", "https://www." + name.toLowerCase(Locale.ROOT).replaceAll("[^a-z0-9]+", "-") + ".lu");
            b.putArray("categories").add(query);
            ObjectNode coordinates = b.putObject("coordinates");
            coordinates.put("latitude", 49.61 + random.nextDouble() / 100);
            coordinates.put("longitude", 6.13 + random.nextDouble() / 100);
            b.put("business_status", "OPERATIONAL");
        }
        return data;
    }

    private static String host(String url) {
        try {
            String host = URI.create(url).getHost();
            return host == null ? "example.com" : host.toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return "example.com";
        }
    }

    private static String capitalise(String s) {
        return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
    }
}
