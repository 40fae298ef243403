package dev.asyncjobs.plangrep.api;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.Objects;

import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code webhookSigningSecret} Plangrep shows once, in the first answer of a create. It travels in the
 * {@code CamelPlangrepWebhookSigningSecret} header as this object, which prints as {@code WebhookSigningSecret[***]}:
 * tracers, the log EIP, message dumps and {@code toString()} never show it. {@link #value()} gives the secret itself,
 * to store in a vault; {@link #matches} checks a webhook call's HMAC-SHA256 signature against it.
 */
public final class WebhookSigningSecret {

    private final String value;

    private WebhookSigningSecret(String value) {
        this.value = Objects.requireNonNull(value, "value");
    }

    /** Wraps a secret (e.g. read back from a vault, to verify calls with). */
    public static WebhookSigningSecret of(String value) {
        return new WebhookSigningSecret(value);
    }

    /** The secret itself: store it, never log it. */
    public String value() {
        return value;
    }

    /** The HMAC-SHA256 of {@code signedPayload} with this secret, in lower-case hex. */
    public String hmacSha256Hex(String signedPayload) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(value.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return HexFormat.of().formatHex(mac.doFinal(signedPayload.getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is not available", e);
        }
    }

    /**
     * Whether {@code hexSignature} is the HMAC-SHA256 of {@code signedPayload} with this secret, compared in constant
     * time. What is signed and where the signature travels are the sender's scheme: see the component's docs.
     */
    public boolean matches(String signedPayload, String hexSignature) {
        if (signedPayload == null || hexSignature == null) {
            return false;
        }
        byte[] expected = hmacSha256Hex(signedPayload).getBytes(StandardCharsets.US_ASCII);
        byte[] given = hexSignature.trim().toLowerCase(java.util.Locale.ROOT).getBytes(StandardCharsets.US_ASCII);
        return MessageDigest.isEqual(expected, given);
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof WebhookSigningSecret s && MessageDigest.isEqual(
                value.getBytes(StandardCharsets.UTF_8), s.value.getBytes(StandardCharsets.UTF_8));
    }

    @Override
    public int hashCode() {
        return 1;
    }

    @Override
    public String toString() {
        return "WebhookSigningSecret[***]";
    }
}
