package dev.asyncjobs.engine.client;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Reads a vendor's error body into a code, a message and details. Each vendor's API client owns its decoder, written
 * from its own documentation; the engine only offers {@link #none()} and the building block {@link #errorObject()}
 * for the common {@code {"error": {"code", "message", "details"}}} envelope.
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

    /** Reads nothing: the status alone says what went wrong. */
    static ErrorDecoder none() {
        return (status, body) -> new DecodedError(null, null);
    }

    /** The {@code {"error": {"code", "message", "details"}}} envelope (details optional); anything else reads nothing. */
    static ErrorDecoder errorObject() {
        return (status, body) -> {
            JsonNode error = body != null && body.isObject() ? body.get("error") : null;
            if (error == null || !error.isObject()) {
                return new DecodedError(null, null);
            }
            return new DecodedError(text(error.get("code")), text(error.get("message")), text(error.get("details")));
        };
    }

    /** A JSON value as text: a string as is, anything else as its JSON; null for null or missing. */
    static String text(JsonNode node) {
        return node == null || node.isNull() ? null : node.isTextual() ? node.asText() : node.toString();
    }
}
