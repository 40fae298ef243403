package dev.asyncjobs.examples.sateais.springboot;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.sateais.SateaisComponent;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import org.apache.camel.CamelContext;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The example as a user runs it: on the in-process simulator, looked at through Actuator. */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
                properties = "example.work-dir=target/spring-boot-example-test")
class ShipDetectionSpringBootApplicationTest {

    private static final Path RESULTS = Path.of("target/spring-boot-example-test/results");

    @LocalServerPort
    int port;
    @Autowired
    CamelContext camel;
    @Autowired
    SateaisSimulator simulator;
    @Autowired
    JobsDone jobsDone;

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper mapper = new ObjectMapper();

    @Test
    void followsTheJobOnTheSimulatorAndWritesItsResult() throws IOException {
        SateaisComponent component = camel.getComponent("sateais", SateaisComponent.class);
        assertThat(component.getConfiguration().getBaseUrl()).isEqualTo(simulator.baseUrl());
        assertThat(component.getConfiguration().getMaxConcurrentPolls()).as("from application.properties").isEqualTo(2);
        assertThat(component.getTrackingFile()).as("no tracking file on a new simulator").isNull();

        await().atMost(Duration.ofSeconds(60)).until(jobsDone::submittedJobEnded);
        String jobId = jobsDone.submittedJobId();
        assertThat(simulator.jobIds()).containsExactly(jobId);
        assertThat(simulator.jobStatus(jobId)).isEqualTo("completed");
        Path result = RESULTS.resolve(jobId + ".geojson");
        assertThat(result).exists();
        assertThat(Files.readString(result)).isEqualTo(simulator.resultGeoJson(jobId));
    }

    @Test
    void actuatorShowsCamelHealthWithProbes() throws Exception {
        // Camel's consumer check is DOWN until the consumer's first poll (its initialDelay after start): READY then
        await().atMost(Duration.ofSeconds(30)).until(() -> status("/actuator/health") == 200);
        JsonNode health = get("/actuator/health", 200);
        assertThat(health.path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("camelHealth").path("status").asText()).isEqualTo("UP");
        assertThat(health.path("components").path("camelHealth").path("details").toString())
                .as("the route and consumer checks of the sateais consumer")
                .contains("route:transitions").contains("consumer:transitions");

        JsonNode liveness = get("/actuator/health/liveness", 200);
        assertThat(liveness.path("status").asText()).isEqualTo("UP");
        assertThat(liveness.path("components").has("camelLivenessState")).isTrue();
        JsonNode readiness = get("/actuator/health/readiness", 200);
        assertThat(readiness.path("status").asText()).isEqualTo("UP");
        assertThat(readiness.path("components").has("camelReadinessState")).isTrue();
    }

    @Test
    void actuatorShowsMicrometerMetrics() throws Exception {
        JsonNode names = get("/actuator/metrics", 200).path("names");
        assertThat(names.isArray()).isTrue();
        assertThat(names.toString()).contains("jvm.memory.used");
        JsonNode memory = get("/actuator/metrics/jvm.memory.used", 200);
        assertThat(memory.path("measurements").get(0).path("value").asDouble()).isPositive();
    }

    @Test
    void actuatorServesTheAsyncJobDevConsoleOfTheAccount() throws Exception {
        await().atMost(Duration.ofSeconds(60)).until(jobsDone::submittedJobEnded);
        JsonNode console = get("/actuator/camel/asyncjob", 200).path("asyncjob");
        JsonNode component = console.path("components").get(0);
        assertThat(component.path("component").asText()).isEqualTo("sateais");
        JsonNode account = component.path("accounts").get(0);
        assertThat(account.path("account").asText()).isEqualTo(
                AsyncJobComponent.accountId(simulator.baseUrl(), simulator.apiKey()));
        assertThat(account.path("budget").path("limit").asInt()).as("SateAIs' 10 requests per second").isEqualTo(10);
        assertThat(account.path("health").path("up").asBoolean()).isTrue();
        assertThat(account.path("groups").toString()).contains("transitions");
        assertThat(console.toString()).as("never the key").doesNotContain(simulator.apiKey());
    }

    private int status(String path) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.discarding()).statusCode();
    }

    private JsonNode get(String path, int expectedStatus) throws IOException, InterruptedException {
        HttpResponse<String> response = http.send(
                HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(response.statusCode()).as(path + ": " + response.body()).isEqualTo(expectedStatus);
        return mapper.readTree(response.body());
    }
}
