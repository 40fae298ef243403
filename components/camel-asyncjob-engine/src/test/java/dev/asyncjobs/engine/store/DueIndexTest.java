package dev.asyncjobs.engine.store;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

import dev.asyncjobs.engine.spi.JobRef;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

class DueIndexTest {

    private static final Instant T = Instant.parse("2026-12-07T10:00:00Z");

    private final DueIndex index = new DueIndex();

    @Test
    void jobsComeOutEarliestMillisecondFirstAndInQueueOrderWithinOne() {
        HeldJob a = queued("a", T.plusMillis(5));
        HeldJob b = queued("b", T);
        HeldJob c = queued("c", T.plusNanos(900_000)); // the same millisecond as b, queued after it
        queued("d", T.plusSeconds(60));

        assertEquals(List.of("b", "c", "a"), idsUpTo(T.plusMillis(5)));
        assertEquals(List.of("b", "c"), idsUpTo(T));
        assertEquals("a", a.jobId());
        assertNull(c.next());
        assertSame(c, b.next());
    }

    @Test
    void aRemovedJobLeavesItsNeighboursLinkedAndAnEmptiedMillisecondLeaves() {
        HeldJob a = queued("a", T);
        HeldJob b = queued("b", T);
        HeldJob c = queued("c", T);

        index.remove(b);
        assertEquals(List.of("a", "c"), idsUpTo(T));
        index.remove(a);
        index.remove(c);
        assertEquals(List.of(), idsUpTo(T.plusSeconds(1)));
        assertFalse(index.all().hasNext());

        index.remove(c); // not queued any more: nothing happens
        queued("e", T); // the emptied millisecond is used again
        assertEquals(List.of("e"), idsUpTo(T));
    }

    @Test
    void aMovedJobGoesToTheEndOfItsNewMillisecond() {
        HeldJob a = queued("a", T);
        queued("b", T.plusMillis(100));

        index.remove(a);
        index.add(a, T.plusMillis(100));

        assertEquals(List.of("b", "a"), idsUpTo(T.plusMillis(100)));
    }

    @Test
    void anEmptiedBucketUsedForAnotherMillisecondTakesItsPlace() {
        HeldJob a = queued("a", T);
        HeldJob b = queued("b", T.plusMillis(1));
        index.remove(a);
        index.remove(b); // both buckets emptied: the next two milliseconds get them again
        queued("late", T.plusMillis(9));
        queued("early", T.plusMillis(3));
        queued("late-too", T.plusMillis(9));

        assertEquals(List.of("early"), idsUpTo(T.plusMillis(8)));
        assertEquals(List.of("early", "late", "late-too"), idsUpTo(T.plusMillis(9)));
    }

    private HeldJob queued(String id, Instant at) {
        HeldJob e = new HeldJob(JobRecord.track("acct", JobRef.of(id), null, T, at, null));
        index.add(e, at);
        return e;
    }

    private List<String> idsUpTo(Instant dueBy) {
        List<String> ids = new ArrayList<>();
        for (Iterator<DueIndex.Bucket> it = index.all(); it.hasNext(); ) {
            DueIndex.Bucket b = it.next();
            if (b.millis > DueIndex.millisOf(dueBy)) {
                break;
            }
            for (HeldJob e = b.first(); e != null; e = e.next()) {
                ids.add(e.jobId());
            }
        }
        return ids;
    }
}
