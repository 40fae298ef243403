package dev.asyncjobs.examples.spideriq;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import org.junit.jupiter.api.Test;

class CrawlApplicationTest {

    @Test
    void crawlsTheDefaultUrlsOnTheSimulatorAndEndsByItself() throws Exception {
        ByteArrayOutputStream buffer = new ByteArrayOutputStream();
        boolean allEnded = CrawlApplication.run(null, null, CrawlApplication.DEFAULT_URLS, Duration.ofSeconds(60),
                new PrintStream(buffer, true, StandardCharsets.UTF_8));
        String output = buffer.toString(StandardCharsets.UTF_8);

        assertTrue(allEnded, output);
        assertTrue(output.contains("using the in-process SpiderIQ simulator"), output);
        assertEquals(4, count(output, "Submitted https://"), output);
        assertEquals(1, count(output, "from the cache: the same job as an identical submit within 24 h"), output);
        assertEquals(3, count(output, "-> completed"), "one completion per distinct job:\n" + output);
        assertTrue(output.contains("https://camel.apache.org: "), output);
        assertTrue(output.contains("emails [info@camel.apache.org, sales@camel.apache.org]"), output);
        assertTrue(output.contains("(worker spider-site-main-1)"), output);
        assertTrue(output.endsWith("All 3 jobs ended: 3 completed, 0 failed, 0 cancelled." + System.lineSeparator()),
                output);
        // every job's transitions in order
        Matcher submitted = Pattern.compile("Submitted https://example.com -> job (\\S+)").matcher(output);
        assertTrue(submitted.find());
        String exampleJob = submitted.group(1);
        List<String> transitions = output.lines().filter(l -> l.startsWith("Job " + exampleJob + ": ")).toList();
        assertEquals("completed", transitions.get(transitions.size() - 1).replaceAll(".* -> (\\w+).*", "$1"), output);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }
}
