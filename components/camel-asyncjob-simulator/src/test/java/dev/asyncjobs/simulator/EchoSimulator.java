package dev.asyncjobs.simulator;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A minimal vendor built on the base only, with its own auth form and error envelope, proving the base is
 * vendor-neutral. Auth: {@code Authorization: Token <key>}; {@code GET /echo}; {@code POST /things}.
 */
final class EchoSimulator extends VendorSimulator {

    final AtomicInteger created = new AtomicInteger();

    private EchoSimulator(Builder builder) {
        super(builder);
    }

    static EchoSimulator start() {
        return new Builder().start();
    }

    @Override
    public String vendorName() {
        return "echo";
    }

    @Override
    protected SimulatorResponse handle(RecordedRequest request) {
        if (!hasAuthorization(request, "Token " + apiKey())) {
            return errorResponse(401, "bad key");
        }
        if (request.method().equals("GET") && request.path().equals("/echo")) {
            ObjectNode body = newObject();
            body.put("ok", true);
            body.put("at", isoNow());
            body.put("q", request.queryParam("q"));
            return json(200, body);
        }
        if (request.method().equals("POST") && request.path().equals("/things")) {
            if (readJson(request).isEmpty()) {
                return errorResponse(400, "body is not JSON");
            }
            created.incrementAndGet();
            ObjectNode body = newObject();
            body.put("id", newId());
            return json(201, body);
        }
        return errorResponse(404, "no route");
    }

    @Override
    protected SimulatorResponse errorResponse(int status, String message) {
        ObjectNode body = newObject();
        ObjectNode problem = body.putObject("problem");
        problem.put("status", status);
        problem.put("detail", message);
        return json(status, body);
    }

    @Override
    protected void onReset() {
        created.set(0);
    }

    static final class Builder extends VendorSimulator.Builder<Builder> {
        Builder() {
            super("echo-key");
        }

        @Override
        public EchoSimulator start() {
            return new EchoSimulator(this);
        }
    }
}
