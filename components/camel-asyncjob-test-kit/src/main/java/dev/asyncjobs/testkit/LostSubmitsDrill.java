package dev.asyncjobs.testkit;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.engine.follow.SubmitReconciler;
import dev.asyncjobs.simulator.VendorSimulator;
import dev.asyncjobs.simulator.camel.SimulatorSupport;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/**
 * kill -9 in the middle of concurrent submits, for a vendor whose lost submits are found by creation time (SateAIs,
 * Pixxel). An application ({@link CrashableApp}, its own JVM) submits {@value #ENDED} jobs and follows them to their
 * end, then submits {@value #BURST} at once, half of them answered and half still unanswered when it is killed. The
 * application starts again (this JVM) on the same tracking file and reconciles: every job the simulator created is
 * followed to its end, no transition is delivered twice without being marked (redelivered or adopted), the jobs
 * followed and ended before the kill are nobody's candidates, and each unconfirmed submit's report names its
 * candidates.
 */
public final class LostSubmitsDrill {

    static final int ENDED = 10;
    static final int BURST = 20;

    /**
     * What the drill needs of a vendor.
     *
     * @param simulator   its simulator, whose clock stands still and started at the real time (the killed process
     *                    dates its intents on the real clock)
     * @param jobIds      the ids of every job the simulator created
     * @param component   its component class
     * @param submitUri   the producer URI that submits one job
     * @param submitBody  the body of a submit (JSON), or null
     * @param consumerUri the consumer URI, without reconcile options
     * @param submitPath  the submit's path, as a regex (for the simulator's stalled answers)
     * @param toTheEnd    moves the simulator's clock until every job created so far has ended, by little enough that
     *                    the next submits stay within a lost submit's window of the earlier ones
     */
    public record Vendor(VendorSimulator simulator, java.util.function.Supplier<List<String>> jobIds, Class<? extends AsyncJobComponent> component, String submitUri,
            String submitBody, String consumerUri, String submitPath, Runnable toTheEnd) {
    }

    private LostSubmitsDrill() {
    }

    /** The number of runs: 1, or {@code -Drecovery.runs=5} for the full mode. */
    public static int runs() {
        return Integer.getInteger("recovery.runs", 1);
    }

    /** One run in {@code dir}. */
    public static void run(Vendor vendor, Path dir) throws Exception {
        VendorSimulator sim = vendor.simulator();
        String scheme = sim.vendorName();
        Path file = dir.resolve(scheme + "-jobs.db");
        List<String[]> before;
        List<String> endedBefore;
        try (AppProcess app = AppProcess.start(vendor.component().getName(), scheme, sim.baseUrl(), sim.apiKey(),
                file.toString(), vendor.submitUri(), vendor.consumerUri(),
                vendor.submitBody() == null ? "-" : vendor.submitBody())) {
            app.send("submit " + ENDED);
            app.awaitOutput(a -> a.lines("SUBMITTED ").size() == ENDED);
            endedBefore = app.lines("SUBMITTED ");
            vendor.toTheEnd().run();
            app.awaitOutput(a -> terminal(exchanges(a)).containsAll(endedBefore));
            // half of the burst is answered, half still unanswered when the process dies
            sim.faults().next(BURST / 2, "POST", vendor.submitPath()).slow(Duration.ZERO)
                    .next(BURST / 2, "POST", vendor.submitPath()).slow(Duration.ofMinutes(10));
            app.send("burst " + BURST);
            app.awaitOutput(a -> a.lines("SUBMITTED ").size() == ENDED + BURST / 2
                                 && vendor.jobIds().get().size() == ENDED + BURST);
            app.kill();
            before = exchanges(app);
        }
        sim.faults().clear();

        List<String[]> after = new CopyOnWriteArrayList<>();
        List<String> reports = new CopyOnWriteArrayList<>();
        try (DefaultCamelContext restarted = new DefaultCamelContext()) {
            AsyncJobComponent component = vendor.component().getDeclaredConstructor().newInstance();
            SimulatorSupport.connect(component, sim);
            component.setRateLimitRequests(0); // the simulator's clock stands still: a budget window would never pass
            component.setTrackingFile(file.toString());
            restarted.addComponent(scheme, component);
            restarted.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(vendor.consumerUri() + "&submitReconcileDelay=0").process(e -> {
                        String status = e.getMessage().getHeader(AsyncJobConstants.STATUS, String.class);
                        if (SubmitReconciler.UNCONFIRMED_SUBMIT.equals(status)) {
                            reports.add(e.getMessage().getHeader(AsyncJobConstants.ERROR_MESSAGE, String.class));
                            return;
                        }
                        after.add(new String[] { e.getMessage().getHeader(AsyncJobConstants.JOB_ID, String.class),
                                status,
                                String.valueOf(Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.REDELIVERED))),
                                String.valueOf(Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.ADOPTED))),
                                String.valueOf(Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.TERMINAL))) });
                    });
                }
            });
            restarted.start();
            vendor.toTheEnd().run();
            List<String> created = vendor.jobIds().get();
            await().atMost(Duration.ofSeconds(60)).until(() -> {
                Set<String> ended = terminal(before);
                ended.addAll(terminal(after));
                return ended.containsAll(created);
            });
        }

        List<String[]> all = new ArrayList<>(before);
        all.addAll(after);
        assertEquals(List.of(), unmarkedRepeats(all), "transitions delivered twice without a mark");
        Set<String> seenAgain = new HashSet<>();
        after.forEach(e -> seenAgain.add(e[0]));
        seenAgain.retainAll(endedBefore);
        assertEquals(Set.of(), seenAgain, "jobs followed to their end before the kill are nobody's candidates");
        List<String> lost = new ArrayList<>(vendor.jobIds().get());
        lost.removeAll(endedBefore);
        for (String report : reports) {
            assertTrue(lost.stream().anyMatch(report::contains), "a report names its candidates: " + report);
        }
    }

    private static List<String[]> exchanges(AppProcess app) {
        return app.lines("EXCHANGE ").stream().map(l -> l.split(" ")).toList();
    }

    private static Set<String> terminal(List<String[]> exchanges) {
        Set<String> ids = new HashSet<>();
        exchanges.stream().filter(e -> e[4].equals("true")).forEach(e -> ids.add(e[0]));
        return ids;
    }

    /** Every (job, status) delivered again with neither the redelivered nor the adopted mark. */
    private static List<String> unmarkedRepeats(List<String[]> exchanges) {
        Map<String, Integer> seen = new HashMap<>();
        List<String> unmarked = new ArrayList<>();
        for (String[] e : exchanges) {
            String key = e[0] + " " + e[1];
            if (seen.merge(key, 1, Integer::sum) > 1 && e[2].equals("false") && e[3].equals("false")) {
                unmarked.add(key);
            }
        }
        return unmarked;
    }
}
