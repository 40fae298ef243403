package dev.asyncjobs.engine.camel;

import java.beans.PropertyEditorSupport;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Lets a plain Spring XML file set the components' {@link Duration} options from text, as an endpoint URI or a
 * properties file does: {@code <property name="minPollInterval" value="30s"/>}. Spring converts text to a
 * {@code Duration} only through a registered editor (a {@code setX(String)} overload would not help: Spring takes the
 * setter that matches the getter's type), so the application context registers this one once:
 *
 * <pre>{@code
 * <bean class="org.springframework.beans.factory.config.CustomEditorConfigurer">
 *     <property name="customEditors">
 *         <map>
 *             <entry key="java.time.Duration" value="dev.asyncjobs.engine.camel.DurationPropertyEditor"/>
 *         </map>
 *     </property>
 * </bean>
 * }</pre>
 *
 * It takes what Camel takes in a URI: milliseconds ({@code 1500}), units ({@code 500ms}, {@code 30s}, {@code 5m},
 * {@code 2h}, {@code 1d}, combined as {@code 1m30s}) or ISO-8601 ({@code PT1H}). Anything else, a negative duration
 * included, is refused with a message that names the accepted forms (Camel's own parser would read {@code -1s} as one
 * second and {@code abc} as zero).
 */
public class DurationPropertyEditor extends PropertyEditorSupport {

    private static final Pattern MILLIS = Pattern.compile("\\d+");
    private static final Pattern UNITS = Pattern.compile("(?:\\d+(?:ms|d|h|m|s))+");
    private static final Pattern UNIT = Pattern.compile("(\\d+)(ms|d|h|m|s)");

    @Override
    public void setAsText(String text) {
        setValue(parse(text));
    }

    @Override
    public String getAsText() {
        return getValue() == null ? "" : getValue().toString();
    }

    /** The duration written as Camel writes it in a URI; null for an empty text (the option is left unset). */
    public static Duration parse(String text) {
        if (text == null || text.isBlank()) {
            return null;
        }
        String value = text.trim();
        String lower = value.toLowerCase(Locale.ROOT);
        try {
            if (MILLIS.matcher(value).matches()) {
                return Duration.ofMillis(Long.parseLong(value));
            }
            if (UNITS.matcher(lower).matches()) {
                Duration total = Duration.ZERO;
                Matcher unit = UNIT.matcher(lower);
                while (unit.find()) {
                    long amount = Long.parseLong(unit.group(1));
                    total = total.plus(switch (unit.group(2)) {
                        case "ms" -> Duration.ofMillis(amount);
                        case "s" -> Duration.ofSeconds(amount);
                        case "m" -> Duration.ofMinutes(amount);
                        case "h" -> Duration.ofHours(amount);
                        default -> Duration.ofDays(amount);
                    });
                }
                return total;
            }
            if (lower.startsWith("p")) {
                Duration iso = Duration.parse(value);
                if (!iso.isNegative()) {
                    return iso;
                }
            }
        } catch (ArithmeticException | NumberFormatException | DateTimeParseException e) {
            // falls through to the message below
        }
        throw new IllegalArgumentException("Not a duration: '" + value + "'; write milliseconds (1500), units (500ms, "
                + "30s, 5m, 2h, 1d, or combined as 1m30s) or ISO-8601 (PT1H), never negative");
    }
}
