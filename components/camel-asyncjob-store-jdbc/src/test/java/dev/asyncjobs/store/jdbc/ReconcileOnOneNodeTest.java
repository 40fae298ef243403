package dev.asyncjobs.store.jdbc;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import com.zaxxer.hikari.HikariDataSource;
import dev.asyncjobs.engine.spi.FakeAsyncJobApi;
import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.SubmitReconciliation;
import dev.asyncjobs.engine.client.RequestPacer;
import dev.asyncjobs.engine.follow.FollowLoop;
import dev.asyncjobs.engine.follow.NotFoundRule;
import dev.asyncjobs.engine.follow.JobTracker;
import dev.asyncjobs.engine.follow.RecordingGroup;
import dev.asyncjobs.engine.store.SubmitIntent;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assertions.assertEquals;

/**
 * A submit whose answer was lost, in the database several nodes share: of the nodes reconciling at once exactly one
 * asks the vendor and adopts the job or reports it unconfirmed, once per consumer group; a node that dies mid-reconcile
 * leaves it to the others once its claim expires.
 */
class ReconcileOnOneNodeTest {

    private static final String ACCOUNT = "acct-reconcile";

    private final List<HikariDataSource> pools = new ArrayList<>();
    private final List<Node> nodes = new ArrayList<>();
    private final List<String> received = new CopyOnWriteArrayList<>();
    private final AtomicInteger vendorAsked = new AtomicInteger();
    /** What the vendor says of the lost submit. */
    private volatile SubmitReconciliation answer = SubmitReconciliation.unconfirmed("two candidate jobs");
    /** Counted down when a node's reconcile round is over, by node. */
    private volatile CountDownLatch[] roundOver;
    private String prefix;

    private record Node(FakeAsyncJobApi vendor, JdbcJobStore store, JobTracker tracker, FollowLoop follower,
            ScheduledExecutorService timer, ExecutorService pool) {
    }

    @BeforeEach
    void twoNodes() {
        prefix = Postgres.freshPrefix();
        for (String name : List.of("node-a", "node-b")) {
            FakeAsyncJobApi api = vendor(nodes.size());
            HikariDataSource ds = Postgres.pool(Postgres.jdbcUrl(), 4);
            pools.add(ds);
            JdbcJobStore store = new JdbcJobStore(ds);
            store.setTablePrefix(prefix);
            store.open();
            JobTracker tracker = new JobTracker(store, Clock.systemUTC(), ACCOUNT);
            ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
            ExecutorService pool = Executors.newFixedThreadPool(2);
            FollowLoop follower = new FollowLoop(tracker, api, api.pollPolicy(), RequestPacer.unlimited(), timer,
                    pool, new FollowLoop.Settings(2, Duration.ofMillis(100), Duration.ofSeconds(30),
                            new NotFoundRule(3, Duration.ofSeconds(2)), Duration.ofSeconds(1), Duration.ofMillis(20)),
                    name);
            follower.start();
            // the same routes on every node: two consumer groups
            follower.subscribe(recorder(name, "audit"));
            follower.subscribe(recorder(name, "billing"));
            nodes.add(new Node(api, store, tracker, follower, timer, pool));
        }
        // a node (gone since) recorded the submit and never got its answer
        nodes.get(0).store().saveIntent(new SubmitIntent(ACCOUNT, "intent-1", "Fake", "crawl", Map.of(),
                "{\"url\":\"https://example.com\"}", Instant.now().minusSeconds(120), "node-gone", 0));
    }

    @AfterEach
    void stop() {
        for (Node n : nodes) {
            n.follower().stop();
            n.timer().shutdownNow();
            n.pool().shutdownNow();
        }
        pools.forEach(HikariDataSource::close);
    }

    @Test
    void twoNodesReconcilingAtOnceReportAnUnconfirmedSubmitOncePerGroup() throws Exception {
        assertEquals(1, reconcileOnBothNodesAtOnce(), "one node settled the intent");

        assertEquals(1, vendorAsked.get(), "one node asked the vendor");
        assertEquals(List.of("audit:intent-1:UNCONFIRMED_SUBMIT", "billing:intent-1:UNCONFIRMED_SUBMIT"),
                received.stream().map(r -> r.substring(r.indexOf(' ') + 1)).sorted().toList(),
                "each group told once: " + received);
        assertEquals(List.of(), nodes.get(1).store().intents(ACCOUNT));
    }

    @Test
    void twoNodesReconcilingAtOnceAdoptTheLostJobOnceAndDeliverItOncePerGroup() throws Exception {
        answer = SubmitReconciliation.adopted(new JobRef("job-7", "crawl", Map.of()),
                FakeAsyncJobApi.snapshot("job-7", "done"));
        nodes.forEach(n -> n.vendor().setStatus("job-7", "done"));

        assertEquals(1, reconcileOnBothNodesAtOnce(), "one node settled the intent");

        assertEquals(1, vendorAsked.get(), "one node asked the vendor");
        await().atMost(Duration.ofSeconds(20)).until(() -> nodes.get(0).store().count(ACCOUNT) == 0);
        assertEquals(List.of("audit:job-7:done", "billing:job-7:done"),
                received.stream().map(r -> r.substring(r.indexOf(' ') + 1)).sorted().toList(),
                "the adopted job followed once, each group told once: " + received);
    }

    @Test
    void aNodeThatDiesMidReconcileLeavesTheIntentToAnotherOnceItsClaimExpires() {
        Instant now = Instant.now();
        // node-a claims the intent and dies before it asks the vendor: its claim holds for a second
        assertEquals(1, nodes.get(0).store().claimIntents(ACCOUNT, now, now, 10, "node-a", now.plusSeconds(1)).size());
        nodes.get(0).follower().stop();
        assertEquals(0, nodes.get(1).follower().reconcileSubmits(Duration.ZERO), "held by node-a");
        assertEquals(0, vendorAsked.get());

        await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100))
                .until(() -> nodes.get(1).follower().reconcileSubmits(Duration.ZERO) == 1);
        assertEquals(1, vendorAsked.get());
        assertEquals(List.of("node-b audit:intent-1:UNCONFIRMED_SUBMIT", "node-b billing:intent-1:UNCONFIRMED_SUBMIT"),
                received.stream().sorted().toList());
    }

    /**
     * Both nodes run a reconcile round at the same moment. A node asking the vendor waits (a while at most) for the
     * other node's round to end first, so that two nodes that both took the intent would both be asking at once.
     *
     * @return the intents settled by both rounds together
     */
    private int reconcileOnBothNodesAtOnce() throws Exception {
        CountDownLatch[] over = {new CountDownLatch(1), new CountDownLatch(1)};
        roundOver = over;
        CountDownLatch go = new CountDownLatch(1);
        List<CompletableFuture<Integer>> rounds = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            Node n = nodes.get(i);
            CountDownLatch mine = over[i];
            rounds.add(CompletableFuture.supplyAsync(() -> {
                try {
                    go.await();
                    return n.follower().reconcileSubmits(Duration.ofSeconds(60));
                } catch (InterruptedException e) {
                    throw new IllegalStateException(e);
                } finally {
                    mine.countDown();
                }
            }));
        }
        go.countDown();
        int settled = 0;
        for (CompletableFuture<Integer> r : rounds) {
            settled += r.get(30, TimeUnit.SECONDS);
        }
        return settled;
    }

    /** The vendor as one node sees it: asked for the lost submit's job, it answers {@link #answer}. */
    private FakeAsyncJobApi vendor(int self) {
        return new FakeAsyncJobApi().reconcileWith(intent -> {
            vendorAsked.incrementAndGet();
            CountDownLatch[] over = roundOver;
            if (over != null) {
                try {
                    // the other node's round ends first, unless it is asking too
                    over[1 - self].await(2, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return answer;
        });
    }

    /** A consumer of a group on a node: records "node group:job:status" for what it receives, and acknowledges it. */
    private RecordingGroup recorder(String node, String group) {
        return new RecordingGroup(group, s -> true, false,
                d -> node + " " + group + ":" + d.ref().jobId() + ":" + d.snapshot().status(), received);
    }
}
