package dev.asyncjobs.benchmarks;

import java.lang.management.ManagementFactory;
import java.lang.management.ThreadInfo;
import java.lang.management.ThreadMXBean;

/** JVM measurements: CPU of the client side (all threads but the stub server's), used heap, live threads. */
final class Measure {

    private static final ThreadMXBean THREADS = ManagementFactory.getThreadMXBean();
    private static final com.sun.management.OperatingSystemMXBean OS =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();

    private Measure() {
    }

    /**
     * CPU nanoseconds the process used, less what the stub server's threads used (they live for the whole run, so
     * their counters are exact). GC and JIT threads count to the client: they work for both sides, the same way in
     * the baseline and the component's run.
     */
    static long clientCpuNanos() {
        long process = OS.getProcessCpuTime();
        long server = 0;
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && StubServer.serverThread(infos[i].getThreadName())) {
                long t = THREADS.getThreadCpuTime(ids[i]);
                if (t > 0) {
                    server += t;
                }
            }
        }
        return process - server;
    }

    /**
     * Bytes allocated so far by the live threads that are not the stub server's. Threads that end between two readings
     * are missed: the runs' pools keep theirs for the whole window.
     */
    static long clientAllocatedBytes() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) THREADS;
        long[] ids = THREADS.getAllThreadIds();
        ThreadInfo[] infos = THREADS.getThreadInfo(ids);
        long[] bytes = threads.getThreadAllocatedBytes(ids);
        long sum = 0;
        for (int i = 0; i < ids.length; i++) {
            if (infos[i] != null && !StubServer.serverThread(infos[i].getThreadName()) && bytes[i] > 0) {
                sum += bytes[i];
            }
        }
        return sum;
    }

    /** Used heap after full collections, bytes. */
    static long usedHeapAfterGc() {
        Runtime rt = Runtime.getRuntime();
        long used = Long.MAX_VALUE;
        for (int i = 0; i < 4; i++) {
            System.gc();
            used = Math.min(used, rt.totalMemory() - rt.freeMemory());
        }
        return used;
    }

    /** Live threads of the JVM (after a collection, so that clients of earlier runs are gone). */
    static int threads() {
        System.gc();
        return THREADS.getThreadCount();
    }

    /** Waits (the harness, not a test: a plain sleep is what is measured around). */
    static void pause(long millis) {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
