package dev.asyncjobs.sateais;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import org.apache.camel.builder.RouteBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * A new pod on an empty disk (no tracking file, no record of one) with adoptJobs: the jobs the account still has
 * running on SateAIs are followed to their end, marked adopted; the jobs that ended before are not delivered (the
 * store never knew a commit, so nothing says they ended unseen).
 */
class SateaisAdoptionTest extends SateaisTestSupport {

    @TempDir
    Path dir;

    @Test
    void anEmptyStoreFollowsEveryJobTheAccountStillHasRunning() throws Exception {
        List<String> ended = List.of(simulator.createJob("ship"), simulator.createJob("timeseries"));
        ended.forEach(simulator::completeJob);
        List<String> running = List.of(simulator.createJob("ship"), simulator.createJob("oilslick"),
                simulator.createJob("newbuilding"));
        component().setClock(simulator.clock());
        component().setRateLimitRequests(0); // the simulator's clock stands still
        component().setTrackingFile(dir.resolve("new-pod.db").toString());
        Set<String> endedInRoute = ConcurrentHashMap.newKeySet();
        Set<String> adopted = ConcurrentHashMap.newKeySet();
        context.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from("sateais:jobs?" + FAST + "&adoptJobs=true").process(e -> {
                    String id = e.getMessage().getHeader(AsyncJobConstants.JOB_ID, String.class);
                    if (Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.ADOPTED))) {
                        adopted.add(id);
                    }
                    if (Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.TERMINAL))) {
                        endedInRoute.add(id);
                    }
                });
            }
        });
        context.start();
        await().until(() -> tracker().size() == 3);

        simulator.clock().advance(Duration.ofHours(2)); // every detection type ends
        await().until(() -> endedInRoute.containsAll(running));

        assertEquals(Set.copyOf(running), adopted);
        assertTrue(endedInRoute.stream().noneMatch(ended::contains), "ended jobs were not delivered: " + endedInRoute);
    }
}
