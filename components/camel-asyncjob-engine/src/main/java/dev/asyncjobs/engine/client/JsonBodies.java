package dev.asyncjobs.engine.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.InvalidRequestException;

/**
 * The one conversion of what a user hands to a request (a Jackson tree, JSON text or bytes, a Map, a POJO) into a
 * JSON tree, so that every vendor client reads message bodies the same way and refuses a body that is not JSON before
 * anything is sent.
 */
public final class JsonBodies {

    private JsonBodies() {
    }

    /**
     * The body as a JSON tree: a {@link JsonNode} as is, a String or byte[] parsed as JSON text, anything else
     * converted by the mapper. Null, an empty or blank text give null.
     *
     * @param notSent how the message starts when the body is not JSON, e.g. "SateAIs request not sent"
     * @throws InvalidRequestException naming the field {@code body}, before anything is sent
     */
    public static JsonNode toTree(ObjectMapper mapper, String vendor, String notSent, Object body) {
        if (body == null) {
            return null;
        }
        try {
            if (body instanceof JsonNode node) {
                return node;
            }
            if (body instanceof CharSequence text) {
                return text.toString().isBlank() ? null : mapper.readTree(text.toString());
            }
            if (body instanceof byte[] bytes) {
                return new String(bytes, StandardCharsets.UTF_8).isBlank() ? null : mapper.readTree(bytes);
            }
            return mapper.valueToTree(body);
        } catch (IOException | IllegalArgumentException e) {
            throw InvalidRequestException.beforeSending(vendor, "body", notSent + ": the body is not valid JSON ("
                    + String.valueOf(e.getMessage()).lines().findFirst().orElse("") + ")");
        }
    }

    /**
     * The body as JSON text, for the record of a submit's intent: a String as is, anything else written by the mapper;
     * null for no body, or one the mapper cannot write (the vendor client refuses such a body before sending anyway).
     */
    public static String toTextOrNull(ObjectMapper mapper, Object body) {
        if (body == null || body instanceof String) {
            return (String) body;
        }
        try {
            return mapper.writeValueAsString(body);
        } catch (IOException | IllegalArgumentException e) {
            return null;
        }
    }
}
