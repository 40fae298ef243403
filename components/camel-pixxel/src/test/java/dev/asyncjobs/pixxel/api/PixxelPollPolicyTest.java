package dev.asyncjobs.pixxel.api;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import dev.asyncjobs.engine.JobRef;
import dev.asyncjobs.engine.JobSnapshot;
import dev.asyncjobs.engine.PollPolicy;
import dev.asyncjobs.engine.client.ApiHttpClient;
import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;

class PixxelPollPolicyTest {

    private static final Instant T0 = Instant.parse("2026-03-12T15:00:00Z");
    private static final String WF = PixxelSimulator.DEFAULT_WORKFLOW_ID;
    private static final Duration MIN = PixxelPollPolicy.DEFAULT_MIN;
    private static final Duration MAX = PixxelPollPolicy.DEFAULT_MAX;

    private PixxelSimulator simulator;
    private CloseableHttpClient http;
    private PixxelClient client;
    private PixxelApi api;

    @BeforeEach
    void start() {
        simulator = PixxelSimulator.builder().startTime(T0).speed(0).start();
        http = HttpClients.createDefault();
        client = new PixxelClient(new ApiHttpClient(PixxelClient.VENDOR, http, simulator.baseUrl(),
                PixxelClient.authorization(simulator.apiKey(), null), null, PixxelClient.errorDecoder()));
        Clock simulated = simulator.clock();
        api = new PixxelApi(client, new PixxelPollPolicy(MIN, MAX), simulated);
    }

    @AfterEach
    void stop() throws Exception {
        http.close();
        simulator.close();
    }

    private static PixxelJob job(String status, String progress, Long estimate, String execCreatedAt) {
        return new PixxelJob(null, status, null, "j1", List.of(), List.of(), null, null, WF, null, null,
                execCreatedAt, null, execCreatedAt, estimate, progress);
    }

    @Test
    void theExpectedRemainingTimeComesFromTheEstimateAndTheProgress() {
        assertEquals(Duration.ofSeconds(150), PixxelApi.expectedRemaining(job("running", "75%", 600L, null), T0));
        assertEquals(Duration.ofSeconds(600), PixxelApi.expectedRemaining(job("running", "0%", 600L, null), T0));
        // no progress: the estimate less the time since execution started
        assertEquals(Duration.ofSeconds(400), PixxelApi.expectedRemaining(
                job("running", null, 600L, "2026-03-12T14:56:40Z"), T0));
        assertEquals(Duration.ZERO, PixxelApi.expectedRemaining(job("running", null, 60L, "2026-03-12T14:00:00Z"), T0));
        assertNull(PixxelApi.expectedRemaining(job("running", "10%", null, null), T0), "no estimate");
        assertNull(PixxelApi.expectedRemaining(job("completed", "100%", 600L, null), T0), "terminal");
    }

    @Test
    void theNextPollIsAtTheExpectedEndWithinMinAndMax() {
        PixxelPollPolicy policy = new PixxelPollPolicy(Duration.ofSeconds(10), Duration.ofMinutes(5));
        JobRef ref = PixxelApi.ref(WF, "j1");
        assertEquals(Duration.ofSeconds(150), policy.nextPollDelay(ref, PixxelApi.snapshot(job("running", "75%", 600L, null), T0)));
        assertEquals(Duration.ofMinutes(5), policy.nextPollDelay(ref, PixxelApi.snapshot(job("running", "0%", 3600L, null), T0)));
        assertEquals(Duration.ofSeconds(10), policy.nextPollDelay(ref, PixxelApi.snapshot(job("running", "99%", 600L, null), T0)));
        assertEquals(Duration.ofSeconds(10), policy.nextPollDelay(ref, PixxelApi.snapshot(job("running", "5%", null, null), T0)),
                "without an estimate: every min");
        assertEquals(Duration.ofSeconds(10), policy.nextPollDelay(ref, null), "after a failed poll: min, then backoff");
        assertEquals(Duration.ofSeconds(10), policy.firstPollDelay(ref), "tracking an id: nothing known yet");
        assertEquals(Duration.ofSeconds(150), policy.firstPollDelay(ref, PixxelApi.snapshot(job("running", "75%", 600L, null), T0)));
        assertThrows(IllegalArgumentException.class, () -> new PixxelPollPolicy(Duration.ofMinutes(2), Duration.ofMinutes(1)));
        assertThrows(IllegalArgumentException.class, () -> new PixxelPollPolicy(Duration.ZERO, Duration.ofMinutes(1)));
    }

    /** One job followed to its end with the policy; returns [status requests, seconds between its end and noticing it]. */
    private long[] follow(PollPolicy policy, double durationFactor) {
        simulator.durationFactor(durationFactor);
        PixxelJob created = client.createJob(WF, "prj_measure", null);
        JobRef ref = PixxelApi.ref(WF, created.id());
        JobSnapshot snapshot = api.snapshot(created);
        Duration delay = policy.firstPollDelay(ref, snapshot);
        long requests = 0;
        while (true) {
            simulator.clock().advance(delay);
            snapshot = api.fetchJob(ref);
            requests++;
            if (snapshot.terminal()) {
                break;
            }
            delay = policy.nextPollDelay(ref, snapshot);
        }
        assertEquals("completed", snapshot.status());
        return new long[] {requests, Duration.between(simulator.jobEnd(created.id()), simulator.clock().now()).toSeconds()};
    }

    /**
     * The measurement quoted in the docs page: a 10-minute job (the simulator's default workflow) followed with the
     * default policy (min 10 s, max 5 min) and with fixed-rate polling every 10 s.
     */
    @Test
    void pollingNearTheExpectedEndNeedsFarFewerStatusRequestsThanFixedRatePolling() {
        PollPolicy adaptive = new PixxelPollPolicy(MIN, MAX);
        PollPolicy fixed = PollPolicy.fixed(Map.of(), MIN, MIN, Duration.ZERO);

        long[] onTimeAdaptive = follow(adaptive, 1.0);
        long[] onTimeFixed = follow(fixed, 1.0);
        long[] lateAdaptive = follow(adaptive, 1.5);
        long[] lateFixed = follow(fixed, 1.5);
        long[] earlyAdaptive = follow(adaptive, 0.8);
        long[] earlyFixed = follow(fixed, 0.8);
        System.out.printf("status requests (and seconds from the job's end to noticing it) for a 10-minute job:%n"
                + "  on time:        adaptive %d (%d s), fixed 10 s %d (%d s)%n"
                + "  50%% late:       adaptive %d (%d s), fixed 10 s %d (%d s)%n"
                + "  20%% early:      adaptive %d (%d s), fixed 10 s %d (%d s)%n",
                onTimeAdaptive[0], onTimeAdaptive[1], onTimeFixed[0], onTimeFixed[1],
                lateAdaptive[0], lateAdaptive[1], lateFixed[0], lateFixed[1],
                earlyAdaptive[0], earlyAdaptive[1], earlyFixed[0], earlyFixed[1]);

        // the numbers the docs page quotes
        assertEquals(List.of(2L, 0L), List.of(onTimeAdaptive[0], onTimeAdaptive[1]), "polled right at the expected end");
        assertEquals(List.of(60L, 0L), List.of(onTimeFixed[0], onTimeFixed[1]));
        assertEquals(List.of(6L, 4L), List.of(lateAdaptive[0], lateAdaptive[1]), "a late job is noticed within min");
        assertEquals(List.of(90L, 0L), List.of(lateFixed[0], lateFixed[1]));
        assertEquals(List.of(2L, 48L), List.of(earlyAdaptive[0], earlyAdaptive[1]),
                "an early job is noticed when it was expected to end");
        assertEquals(List.of(48L, 0L), List.of(earlyFixed[0], earlyFixed[1]));
    }
}
