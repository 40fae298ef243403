package dev.asyncjobs.testkit;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

import dev.asyncjobs.engine.camel.AsyncJobComponent;
import dev.asyncjobs.engine.camel.AsyncJobConstants;
import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.impl.DefaultCamelContext;

/**
 * An application for crash tests, run in a JVM of its own ({@link AppProcess}) and killed there with kill -9: one
 * async job component that keeps its jobs in a tracking file, a consumer route that prints every exchange, and
 * submits on command.
 * <p>
 * Arguments: component class, scheme, base URL, API key, tracking file, submit URI, consumer URI, submit body (JSON,
 * or {@code -} for none). Commands on stdin: {@code submit N} (one after another) and {@code burst N} (all at once).
 * Output: {@code SUBMITTED <job id>} per answered submit, {@code DONE <command>} once a command's submits all ended,
 * and {@code EXCHANGE <job id> <status> <redelivered> <adopted> <terminal>} per exchange of the consumer.
 */
public final class CrashableApp {

    private CrashableApp() {
    }

    public static void main(String[] args) throws Exception {
        try (DefaultCamelContext context = new DefaultCamelContext()) {
            AsyncJobComponent component = (AsyncJobComponent) Class.forName(args[0]).getDeclaredConstructor()
                    .newInstance();
            component.getConfiguration().setBaseUrl(args[2]);
            component.getConfiguration().setApiKey(args[3]);
            component.setTrackingFile(args[4]);
            context.addComponent(args[1], component);
            String submitUri = args[5];
            String body = args[7].equals("-") ? null : args[7];
            context.addRoutes(new RouteBuilder() {
                @Override
                public void configure() {
                    from(args[6]).process(e -> print("EXCHANGE "
                            + e.getMessage().getHeader(AsyncJobConstants.JOB_ID) + " "
                            + e.getMessage().getHeader(AsyncJobConstants.STATUS) + " "
                            + Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.REDELIVERED)) + " "
                            + Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.ADOPTED)) + " "
                            + Boolean.TRUE.equals(e.getMessage().getHeader(AsyncJobConstants.TERMINAL))));
                }
            });
            context.start();
            ProducerTemplate template = context.createProducerTemplate();
            BufferedReader in = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
            for (String command; (command = in.readLine()) != null;) {
                String[] words = command.split(" ");
                int n = Integer.parseInt(words[1]);
                if (words[0].equals("submit")) {
                    for (int i = 0; i < n; i++) {
                        submit(template, submitUri, body);
                    }
                } else {
                    List<CompletableFuture<Void>> all = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        all.add(CompletableFuture.runAsync(() -> submit(template, submitUri, body)));
                    }
                    all.forEach(CompletableFuture::join);
                }
                print("DONE " + command);
            }
        }
    }

    private static void submit(ProducerTemplate template, String uri, String body) {
        Exchange done = template.request(uri, e -> e.getMessage().setBody(body));
        if (done.getException() == null) {
            print("SUBMITTED " + done.getMessage().getHeader(AsyncJobConstants.JOB_ID));
        }
    }

    private static synchronized void print(String line) {
        System.out.println(line);
        System.out.flush();
    }
}
