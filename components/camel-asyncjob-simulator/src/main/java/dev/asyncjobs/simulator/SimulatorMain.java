package dev.asyncjobs.simulator;

import dev.asyncjobs.simulator.plangrep.PlangrepSimulator;
import dev.asyncjobs.simulator.pixxel.PixxelSimulator;
import dev.asyncjobs.simulator.sateais.SateaisSimulator;
import dev.asyncjobs.simulator.spideriq.SpiderIqSimulator;
import java.io.PrintStream;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CountDownLatch;
import java.util.function.Supplier;

/**
 * Runs one simulator standalone until killed, or for {@code --exit-after} seconds:
 * {@code <vendor> [--port N] [--speed X] [--api-key KEY] [--exit-after SECONDS]}.
 */
public final class SimulatorMain {

    /** Vendors by the name given on the command line; a new simulator registers itself here with one line. */
    private static final Map<String, Supplier<VendorSimulator.Builder<?>>> VENDORS = new TreeMap<>(Map.of(
            "sateais", SateaisSimulator::builder,
            "plangrep", PlangrepSimulator::builder,
            "pixxel", PixxelSimulator::builder,
            "spideriq", SpiderIqSimulator::builder));

    private SimulatorMain() {
    }

    /** Entry point; exits with status 2 on bad arguments. */
    public static void main(String[] args) throws InterruptedException {
        VendorSimulator simulator;
        long exitAfter;
        try {
            exitAfter = exitAfterSeconds(args);
            simulator = start(withoutExitAfter(args));
        } catch (IllegalArgumentException e) {
            System.err.println(e.getMessage());
            System.err.println(usage());
            System.exit(2);
            return;
        }
        describe(simulator, exitAfter, System.out);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            simulator.close();
            stopped.countDown();
        }, "simulator-shutdown"));
        if (exitAfter > 0) {
            if (!stopped.await(exitAfter, java.util.concurrent.TimeUnit.SECONDS)) {
                System.out.println("Stopping after " + exitAfter + " s (--exit-after).");
                simulator.close();
            }
            return;
        }
        stopped.await();
    }

    /** The value of --exit-after (0: run until killed). */
    static long exitAfterSeconds(String... args) {
        for (int i = 1; i < args.length; i++) {
            if ("--exit-after".equals(args[i])) {
                if (i + 1 >= args.length) {
                    throw new IllegalArgumentException("missing value for --exit-after");
                }
                try {
                    long seconds = Long.parseLong(args[i + 1]);
                    if (seconds <= 0) {
                        throw new NumberFormatException();
                    }
                    return seconds;
                } catch (NumberFormatException e) {
                    throw new IllegalArgumentException("bad value for --exit-after: " + args[i + 1]
                            + " (a positive number of seconds)");
                }
            }
        }
        return 0;
    }

    private static String[] withoutExitAfter(String... args) {
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < args.length; i++) {
            if ("--exit-after".equals(args[i])) {
                i++;
            } else {
                rest.add(args[i]);
            }
        }
        return rest.toArray(String[]::new);
    }

    /** Parses the arguments and starts the simulator they name. */
    public static VendorSimulator start(String... args) {
        if (args.length == 0 || args[0].startsWith("-")) {
            throw new IllegalArgumentException("missing vendor name");
        }
        Supplier<VendorSimulator.Builder<?>> vendor = VENDORS.get(args[0].toLowerCase(Locale.ROOT));
        if (vendor == null) {
            throw new IllegalArgumentException("unknown vendor '" + args[0] + "'");
        }
        VendorSimulator.Builder<?> builder = vendor.get();
        for (int i = 1; i < args.length; i++) {
            String option = args[i];
            if (i + 1 >= args.length) {
                throw new IllegalArgumentException("missing value for " + option);
            }
            String value = args[++i];
            try {
                switch (option) {
                    case "--port" -> builder.port(Integer.parseInt(value));
                    case "--speed" -> builder.speed(Double.parseDouble(value));
                    case "--api-key" -> builder.apiKey(value);
                    default -> throw new IllegalArgumentException("unknown option " + option);
                }
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("bad value for " + option + ": " + value);
            }
        }
        return builder.start();
    }

    /** Names of the vendors that can be started. */
    public static Set<String> vendors() {
        return VENDORS.keySet();
    }

    /** Prints what a client needs (base URL, key) and how the simulator stops: by itself after exitAfter s (> 0). */
    static void describe(VendorSimulator simulator, long exitAfter, PrintStream out) {
        out.println(simulator.vendorName() + " simulator running");
        out.println("  base URL:       " + simulator.baseUrl());
        out.println("  API key:        " + simulator.apiKey());
        ObjectStorageSimulator storage = simulator.startedStorage();
        if (storage != null) {
            out.println("  object storage: " + storage.baseUrl());
        }
        out.println("  clock speed:    " + simulator.clock().speed() + "x");
        out.println(exitAfter > 0 ? "Stops by itself after " + exitAfter + " s (--exit-after)." : "Stop with Ctrl+C.");
        out.flush();
    }

    private static String usage() {
        return "usage: SimulatorMain <vendor> [--port N] [--speed X] [--api-key KEY] [--exit-after SECONDS]\n  vendors: "
                + String.join(", ", VENDORS.keySet());
    }
}
