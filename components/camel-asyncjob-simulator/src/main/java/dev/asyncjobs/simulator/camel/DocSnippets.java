package dev.asyncjobs.simulator.camel;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Keeps the route snippets of a docs page honest: a test runs the snippet's code against a simulator, marked in its
 * own source between {@code // docs:NAME} and {@code // end:NAME} lines, and asserts with {@link #assertOnPage} that
 * the page shows exactly those lines (indentation and blank lines aside), so the page cannot drift from what is tested.
 */
public final class DocSnippets {

    private DocSnippets() {
    }

    /**
     * Fails unless the page contains the lines marked {@code name} in the test source, in order and adjacent.
     *
     * @param testSource the test's source file, relative to the module (e.g. src/test/java/.../FooDocsTest.java)
     * @param page       the docs page, relative to the module (e.g. src/main/docs/foo-component.md)
     */
    public static void assertOnPage(String testSource, String name, String page) {
        List<String> snippet = snippet(Path.of(testSource), name);
        List<String> pageLines = read(Path.of(page)).stream().map(String::strip).filter(s -> !s.isEmpty()).toList();
        for (int i = 0; i + snippet.size() <= pageLines.size(); i++) {
            if (pageLines.subList(i, i + snippet.size()).equals(snippet)) {
                return;
            }
        }
        throw new AssertionError(page + " does not show the snippet '" + name + "' tested in " + testSource
                + " (update the page or the test):\n" + String.join("\n", snippet));
    }

    /** The stripped, non-blank lines between {@code // docs:NAME} and {@code // end:NAME}. */
    public static List<String> snippet(Path source, String name) {
        List<String> out = new ArrayList<>();
        boolean in = false;
        for (String line : read(source)) {
            String s = line.strip();
            if (s.equals("// docs:" + name)) {
                in = true;
            } else if (s.equals("// end:" + name)) {
                if (out.isEmpty()) {
                    break;
                }
                return out;
            } else if (in && !s.isEmpty()) {
                out.add(s);
            }
        }
        throw new AssertionError("no snippet '" + name + "' (// docs:" + name + " ... // end:" + name + ") in " + source);
    }

    private static List<String> read(Path path) {
        try {
            return Files.readAllLines(path);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + path.toAbsolutePath(), e);
        }
    }
}
