package dev.asyncjobs.engine.client;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import dev.asyncjobs.engine.spi.InvalidRequestException;

/**
 * The one place a request path is built from values a user supplies (job ids, workflow ids, task ids). A template
 * such as {@code /api/v1/jobs/{jobId}/result.geojson} is expanded with each value checked and percent-encoded as one
 * path segment, so that no value can add a segment, climb to a parent ({@code ..}) or start a query.
 * <p>
 * A value that cannot be an id of any vendor (blank, longer than {@value #MAX_SEGMENT_LENGTH} characters, holding a
 * {@code /} or {@code \}, a control character, or being {@code .} or {@code ..}) is refused before any request with an
 * {@link InvalidRequestException} naming the value's field (the template's placeholder name).
 */
public final class ApiPath {

    /** The longest value accepted for one path segment; vendors' ids are UUIDs or short tokens. */
    public static final int MAX_SEGMENT_LENGTH = 200;

    private static final Pattern PLACEHOLDER = Pattern.compile("\\{([A-Za-z][A-Za-z0-9_]*)}");
    private static final char[] HEX = "0123456789ABCDEF".toCharArray();

    private final String template;
    private final List<String> names;
    /** The text around the placeholders: one more than the names, split once here rather than on every request. */
    private final String[] literals;

    private ApiPath(String template) {
        this.template = template;
        List<String> found = new ArrayList<>();
        List<String> around = new ArrayList<>();
        Matcher m = PLACEHOLDER.matcher(template);
        int last = 0;
        while (m.find()) {
            around.add(template.substring(last, m.start()));
            found.add(m.group(1));
            last = m.end();
        }
        around.add(template.substring(last));
        this.names = List.copyOf(found);
        this.literals = around.toArray(String[]::new);
    }

    /** A path template; placeholders are {@code {name}}, each standing for exactly one path segment. */
    public static ApiPath of(String template) {
        Objects.requireNonNull(template, "template");
        if (!template.startsWith("/")) {
            throw new IllegalArgumentException("A path template starts with '/': " + template);
        }
        return new ApiPath(template);
    }

    /** The placeholder names, in order. */
    public List<String> names() {
        return names;
    }

    /** The template as written. */
    public String template() {
        return template;
    }

    /**
     * Expands the template; each value is checked (see the class comment) and encoded as one segment.
     *
     * @param vendor the vendor's name, for the message of a refused value
     * @throws InvalidRequestException naming the placeholder of a missing or impossible value, before anything is sent
     */
    public String expand(String vendor, Map<String, String> values) {
        StringBuilder path = new StringBuilder(template.length() + 32);
        for (int i = 0; i < names.size(); i++) {
            path.append(literals[i]).append(encodeSegment(vendor, names.get(i), values.get(names.get(i))));
        }
        return path.append(literals[names.size()]).toString();
    }

    /** Expands a template with a single placeholder. */
    public String expand(String vendor, String value) {
        if (names.size() != 1) {
            throw new IllegalStateException("The template " + template + " has " + names.size() + " placeholders");
        }
        return literals[0] + encodeSegment(vendor, names.get(0), value == null ? "" : value) + literals[1];
    }

    /**
     * Checks a value that goes into a path segment; returns the problem in words (e.g. "contains '/'"), or null when
     * it is acceptable.
     */
    public static String problemOf(String value) {
        if (value == null || value.isBlank()) {
            return "is missing";
        }
        if (value.length() > MAX_SEGMENT_LENGTH) {
            return "is " + value.length() + " characters long (at most " + MAX_SEGMENT_LENGTH + ")";
        }
        if (value.equals(".") || value.equals("..")) {
            return "is '" + value + "'";
        }
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '/' || c == '\\') {
                return "contains '" + c + "'";
            }
            if (Character.isISOControl(c)) {
                return "contains a control character (U+" + String.format("%04X", (int) c) + ")";
            }
        }
        if (!value.equals(value.strip())) {
            return "has leading or trailing white space";
        }
        return null;
    }

    /**
     * Checks one value that goes into a path segment.
     *
     * @param field what the value is, named in the message (an option, a header, a field)
     * @throws InvalidRequestException when it cannot be an id
     */
    public static void checkSegment(String vendor, String field, String value) {
        String problem = problemOf(value);
        if (problem != null) {
            throw InvalidRequestException.beforeSending(vendor, field, vendor + " request not sent: " + field + " "
                    + problem + (value == null || value.isBlank() ? "" : " (" + abbreviate(value) + ")")
                    + "; give the id exactly as " + vendor + " returned it");
        }
    }

    private static String encodeSegment(String vendor, String name, String value) {
        checkSegment(vendor, name, value);
        if (isUnreserved(value)) {
            return value; // ids are nearly always plain: nothing to encode, nothing to copy
        }
        byte[] bytes = value.getBytes(StandardCharsets.UTF_8);
        StringBuilder out = new StringBuilder(bytes.length);
        for (byte b : bytes) {
            int c = b & 0xFF;
            if (isUnreserved(c)) {
                out.append((char) c);
            } else {
                out.append('%').append(HEX[c >> 4]).append(HEX[c & 0xF]);
            }
        }
        return out.toString();
    }

    /** RFC 3986's unreserved characters: what a path segment holds as it is. */
    private static boolean isUnreserved(int c) {
        return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
                || c == '-' || c == '.' || c == '_' || c == '~';
    }

    private static boolean isUnreserved(String value) {
        for (int i = 0; i < value.length(); i++) {
            if (!isUnreserved(value.charAt(i))) {
                return false;
            }
        }
        return true;
    }

    private static String abbreviate(String value) {
        StringBuilder shown = new StringBuilder();
        String v = value.length() > 60 ? value.substring(0, 60) + "..." : value;
        for (char c : v.toCharArray()) {
            shown.append(Character.isISOControl(c) ? '?' : c);
        }
        return "'" + shown + "'";
    }

    @Override
    public String toString() {
        return template;
    }
}
