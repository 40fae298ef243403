package dev.asyncjobs.engine.camel;

import java.time.Duration;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** The text a Spring XML property value may give a Duration option: what a Camel URI takes, and nothing else. */
class DurationPropertyEditorTest {

    @ParameterizedTest
    @CsvSource({
        "1500, PT1.5S",
        "0, PT0S",
        "500ms, PT0.5S",
        "30s, PT30S",
        "5m, PT5M",
        "2h, PT2H",
        "1d, PT24H",
        "1m30s, PT1M30S",
        "' 10S ', PT10S",
        "PT1H, PT1H",
        "pt15m, PT15M"
    })
    void readsWhatACamelUriTakes(String text, String expected) {
        DurationPropertyEditor editor = new DurationPropertyEditor();
        editor.setAsText(text);
        assertEquals(Duration.parse(expected), editor.getValue());
    }

    @ParameterizedTest
    @ValueSource(strings = {"-1s", "-PT1S", "abc", "30 seconds", "1.5s", "30x", "m5", "PT"})
    void refusesAnythingElseNamingTheAcceptedForms(String text) {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> new DurationPropertyEditor().setAsText(text));
        assertTrue(e.getMessage().contains("'" + text.trim() + "'") && e.getMessage().contains("1m30s")
                && e.getMessage().contains("PT1H"), e.getMessage());
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "  "})
    void anEmptyValueLeavesTheOptionUnset(String text) {
        DurationPropertyEditor editor = new DurationPropertyEditor();
        editor.setAsText(text);
        assertEquals(null, editor.getValue());
    }
}
