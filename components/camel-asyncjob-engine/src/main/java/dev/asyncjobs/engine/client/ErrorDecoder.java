package dev.asyncjobs.engine.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a vendor's error body into a code and a message. The default understands the envelopes the four vendors use:
 * {@code {"error": {"code", "message"}}} (with an optional {@code "details"}), {@code {"error": "CODE"}},
 * {@code {"detail": "..."}} and {@code {"message": "..."}}.
 */
@FunctionalInterface
public interface ErrorDecoder {

    /**
     * The decoded error; every field may be null.
     *
     * @param details further context some vendors send beside code and message (e.g. Pixxel's
     *                {@code error.details}), as text: a JSON value that is not a string is given as its JSON
     */
    record DecodedError(String code, String message, String details) {

        /** An error without details. */
        public DecodedError(String code, String message) {
            this(code, message, null);
        }
    }

    /**
     * @param httpStatus the response status
     * @param body       the parsed JSON body, or null when it was empty or not JSON
     */
    DecodedError decode(int httpStatus, JsonNode body);

    /** The tolerant default. */
    static ErrorDecoder standard() {
        return (status, body) -> {
            if (body == null || !body.isObject()) {
                return new DecodedError(null, null);
            }
            JsonNode error = body.get("error");
            if (error != null && error.isObject()) {
                return new DecodedError(text(error.get("code")), text(error.get("message")),
                        text(error.get("details")));
            }
            if (error != null && error.isTextual()) {
                return new DecodedError(error.asText(), text(body.get("message")));
            }
            JsonNode detail = body.get("detail");
            if (detail != null) {
                return new DecodedError(text(body.get("code")), detail.isTextual() ? detail.asText() : detail.toString());
            }
            return new DecodedError(text(body.get("code")), text(body.get("message")));
        };
    }

    private static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.asText() : node.toString();
    }
}
