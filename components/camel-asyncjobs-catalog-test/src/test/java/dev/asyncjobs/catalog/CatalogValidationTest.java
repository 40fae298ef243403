package dev.asyncjobs.catalog;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.apache.camel.CamelContext;
import org.apache.camel.catalog.CamelCatalog;
import org.apache.camel.catalog.DefaultCamelCatalog;
import org.apache.camel.catalog.EndpointValidationResult;
import org.apache.camel.impl.DefaultCamelContext;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * Loads the four components' catalog JSON into camel-catalog, the library IDE plugins, Camel JBang and Kaoto validate
 * endpoint URIs with, and checks that every endpoint URI the docs and examples show passes, while a misspelt option
 * or an unknown operation is reported.
 */
class CatalogValidationTest {

    /** scheme -> component class; the catalog JSON is at META-INF/dev/asyncjobs/<scheme>/<scheme>.json. */
    static final Map<String, String> COMPONENTS = Map.of(
            "sateais", "dev.asyncjobs.sateais.SateaisComponent",
            "pixxel", "dev.asyncjobs.pixxel.PixxelComponent",
            "plangrep", "dev.asyncjobs.plangrep.PlangrepComponent",
            "spideriq", "dev.asyncjobs.spideriq.SpiderIqComponent");

    /** An endpoint URI in a page or a route: scheme:path?options, with RAW(...) values kept whole. */
    static final Pattern URI = Pattern.compile(
            "(?<![\\w.-])(sateais|pixxel|plangrep|spideriq):[A-Za-z0-9_{}.-]+(\\?(RAW\\([^)]*\\)|[^\"'\\s<>`()|\\\\])*)?");

    static final Path ROOT = Path.of(System.getProperty("user.dir")).resolve("../..").normalize();

    static CamelCatalog catalog;

    @BeforeAll
    static void loadCatalog() {
        catalog = new DefaultCamelCatalog();
        COMPONENTS.forEach((scheme, className) -> catalog.addComponent(scheme, className, json(scheme)));
    }

    static String json(String scheme) {
        String resource = "META-INF/dev/asyncjobs/" + scheme + "/" + scheme + ".json";
        try (InputStream in = CatalogValidationTest.class.getClassLoader().getResourceAsStream(resource)) {
            assertTrue(in != null, "no catalog JSON at " + resource);
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The pages and routes users copy URIs from: the README, the components' docs, the examples. */
    static List<Path> sources() throws IOException {
        List<Path> files = new ArrayList<>();
        files.add(ROOT.resolve("README.md"));
        for (String dir : List.of("components", "examples")) {
            try (Stream<Path> walk = Files.walk(ROOT.resolve(dir))) {
                walk.filter(Files::isRegularFile)
                        .filter(p -> !p.toString().contains("/target/") && !p.toString().contains("/src/generated/")
                                     && !p.toString().contains("/src/test/"))
                        .filter(p -> {
                            String s = p.toString();
                            return s.endsWith(".md") && (s.contains("/src/main/docs/") || s.startsWith(ROOT.resolve("examples").toString()))
                                   || s.startsWith(ROOT.resolve("examples").toString())
                                      && (s.endsWith(".java") || s.endsWith(".xml") || s.endsWith(".yaml")
                                          || s.endsWith(".properties"));
                        })
                        .forEach(files::add);
            }
        }
        return files;
    }

    /** Every URI shown, with where it was found. */
    static Map<String, String> documentedUris() throws IOException {
        Map<String, String> uris = new TreeMap<>();
        for (Path file : sources()) {
            String text = Files.readString(file).replace("&amp;", "&");
            Matcher m = URI.matcher(text);
            while (m.find()) {
                String uri = m.group();
                if (uri.endsWith("?") || uri.endsWith("&")) {
                    continue; // the head of a URI a Java route builds by concatenation
                }
                uris.putIfAbsent(uri, ROOT.relativize(file).toString());
            }
        }
        return uris;
    }

    @Test
    void everyUriTheDocsAndExamplesShowIsValid() throws IOException {
        Map<String, String> uris = documentedUris();
        Set<String> schemesSeen = new TreeSet<>();
        List<String> failures = new ArrayList<>();
        uris.forEach((uri, file) -> {
            schemesSeen.add(uri.substring(0, uri.indexOf(':')));
            EndpointValidationResult result = catalog.validateEndpointProperties(uri);
            if (!result.isSuccess()) {
                failures.add(file + ": " + uri + "\n" + result.summaryErrorMessage(false));
            }
        });
        assertEquals(COMPONENTS.keySet(), schemesSeen, "URIs of every component were found: " + uris.keySet());
        assertTrue(uris.size() >= 30, "the docs show more URIs than were found: " + uris.keySet());
        assertEquals(List.of(), failures);
    }

    /** The usage the docs show: the key on the component, so not in the URI. */
    @ParameterizedTest
    @ValueSource(strings = { "sateais:jobs?delay=1000", "pixxel:jobs?delay=1000", "plangrep:jobs?delay=1000",
            "spideriq:jobs?delay=1000" })
    void uriWithoutTheKeyIsValid(String uri) {
        EndpointValidationResult result = catalog.validateEndpointProperties(uri);
        assertTrue(result.isSuccess(), () -> result.summaryErrorMessage(false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sateais", "pixxel", "plangrep", "spideriq" })
    void misspeltOptionIsReported(String scheme) {
        EndpointValidationResult result = catalog.validateEndpointProperties(scheme + ":jobs?fetchResutl=true");
        assertFalse(result.isSuccess());
        assertEquals(Set.of("fetchResutl"), result.getUnknown());
        assertTrue(result.summaryErrorMessage(false).contains("fetchResutl"), result.summaryErrorMessage(false));
    }

    @ParameterizedTest
    @ValueSource(strings = { "sateais", "pixxel", "plangrep", "spideriq" })
    void unknownOperationIsReported(String scheme) {
        EndpointValidationResult result = catalog.validateEndpointProperties(scheme + ":jobs?operation=launchRocket");
        assertFalse(result.isSuccess());
        assertEquals(Set.of("operation"), result.getInvalidEnum().keySet());
    }

    /** Not required in the catalog, the key is still needed: the endpoint fails at creation, naming the option. */
    @ParameterizedTest
    @ValueSource(strings = { "sateais", "pixxel", "plangrep", "spideriq" })
    void missingKeyFailsAtEndpointCreationNamingTheOption(String scheme) throws Exception {
        try (CamelContext context = new DefaultCamelContext()) {
            context.start();
            Exception e = assertThrows(Exception.class, () -> context.getEndpoint(scheme + ":jobs"));
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            assertTrue(cause.getMessage().contains("The apiKey option is required")
                       && cause.getMessage().contains("camel.component." + scheme + ".api-key"), cause.getMessage());
        }
    }
}
