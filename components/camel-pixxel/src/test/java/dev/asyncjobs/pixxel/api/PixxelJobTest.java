package dev.asyncjobs.pixxel.api;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.asyncjobs.engine.spi.JobPhase;
import dev.asyncjobs.engine.spi.StatusMapping;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LogEvent;
import org.apache.logging.log4j.core.Logger;
import org.apache.logging.log4j.core.appender.AbstractAppender;
import org.apache.logging.log4j.core.config.Property;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

class PixxelJobTest {

    private final ObjectMapper mapper = new ObjectMapper().configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);

    /** The page's sample 200 response, placeholders and all. */
    private static final String SAMPLE = """
            {"created_by": "<string>", "status": "<string>", "time_taken": "<string>", "id": "<string>",
             "tasks": [{"id": "<string>", "info_logs": [123], "created_at": "<string>", "updated_at": "<string>",
               "finished_at": "<string>", "estimated_time_duration": 123, "time_taken": "<string>",
               "status": "<string>", "state_msg": "<string>", "inputs": [123], "result": [123],
               "depends_on": ["<string>"], "name": "<string>", "progress": 123, "disclaimer": ["<string>"],
               "recv_time": "<string>", "send_time": "<string>", "block_inf_start_time": "<string>",
               "block_inf_end_time": "<string>", "block_info": {"id": "<string>", "name": "<string>",
               "version": "<string>"}, "err_msg": "<string>", "failure_type": "<string>"}],
             "val_errors": [{"from": "<string>", "to": "<string>", "err": "<string>", "reason": "<string>",
               "component_name": "<string>"}],
             "spec": [123], "cost": 123, "workflow_id": "<string>", "updated_at": "<string>",
             "finished_at": "<string>", "exec_created_at": "<string>", "exec_updated_at": "<string>",
             "created_at": "<string>", "estimated_duration": 123, "progress": "<string>"}""";

    @Test
    void thePagesSampleResponseIsReadIntoTheTypedJob() throws Exception {
        PixxelJob job = mapper.readValue(SAMPLE, PixxelJob.class);
        assertEquals(123, job.cost().intValue());
        assertEquals(123L, job.estimatedDuration());
        assertEquals(123, job.tasks().get(0).progress());
        assertEquals("<string>", job.tasks().get(0).blockInfo().version());
        assertEquals("<string>", job.valErrors().get(0).componentName());
        assertNull(job.progressPercent(), "'<string>' is no percentage");
        // an undocumented status stays as it is and maps to UNKNOWN, not terminal
        assertEquals(JobPhase.UNKNOWN, PixxelApi.snapshot(job, Instant.EPOCH).phase());
        assertEquals("<string>", PixxelApi.snapshot(job, Instant.EPOCH).status());
    }

    @Test
    void progressIsReadFromItsPercentString() throws Exception {
        assertEquals(75.0, withProgress("\"75%\"").progressPercent());
        assertEquals(12.5, withProgress("\" 12.5 % \"").progressPercent());
        assertEquals(40.0, withProgress("40").progressPercent(), "a number is taken as percent too");
        assertEquals(100.0, withProgress("\"130%\"").progressPercent(), "clamped");
        assertNull(withProgress("null").progressPercent());
        assertNull(withProgress("\"n/a\"").progressPercent());
    }

    private PixxelJob withProgress(String json) throws Exception {
        return mapper.readValue("{\"id\": \"j\", \"status\": \"running\", \"progress\": " + json + "}", PixxelJob.class);
    }

    @Test
    void theFingerprintChangesWithProgressAndTaskStatusesOnly() throws Exception {
        PixxelJob a = mapper.readValue("{\"id\":\"j\",\"status\":\"running\",\"progress\":\"20%\",\"tasks\":"
                + "[{\"id\":\"t1\",\"status\":\"running\",\"progress\":10}]}", PixxelJob.class);
        PixxelJob taskProgressOnly = mapper.readValue("{\"id\":\"j\",\"status\":\"running\",\"progress\":\"20%\","
                + "\"tasks\":[{\"id\":\"t1\",\"status\":\"running\",\"progress\":90}]}", PixxelJob.class);
        PixxelJob taskDone = mapper.readValue("{\"id\":\"j\",\"status\":\"running\",\"progress\":\"20%\",\"tasks\":"
                + "[{\"id\":\"t1\",\"status\":\"completed\",\"progress\":100},{\"id\":\"t2\",\"status\":\"running\"}]}",
                PixxelJob.class);
        assertEquals(a.fingerprint(), taskProgressOnly.fingerprint());
        assertNotEquals(a.fingerprint(), taskDone.fingerprint());
        assertEquals("20%|t1=completed,t2=running", taskDone.fingerprint());
    }

    @Test
    void documentedAndAssumedStatusesMap() {
        assertEquals(JobPhase.RUNNING, PixxelApi.STATUSES.phaseOf("running"));
        assertEquals(JobPhase.SUCCEEDED, PixxelApi.STATUSES.phaseOf("COMPLETED"));
        assertEquals(JobPhase.FAILED, PixxelApi.STATUSES.phaseOf("failed"));
        assertEquals(JobPhase.QUEUED, PixxelApi.STATUSES.phaseOf("pending"));
        assertEquals(JobPhase.CANCELLED, PixxelApi.STATUSES.phaseOf("cancelled"));
        assertEquals(JobPhase.UNKNOWN, PixxelApi.STATUSES.phaseOf("provisioning"));
        assertTrue(PixxelApi.STATUSES.documented().keySet().containsAll(PixxelApi.DOCUMENTED_STATUSES));
        assertEquals(List.of("pending", "ready", "failed"), List.copyOf(PixxelDownloadApi.STATUSES.documented().keySet()));
    }

    @Test
    void aDownloadNeverPrintsItsSignedUrl() {
        PixxelDownload d = new PixxelDownload("d1", "ready", "https://storage.example/x.zip?X-Amz-Signature=abc");
        assertTrue(d.ready());
        assertTrue(!d.toString().contains("Signature"), d.toString());
    }
    @Test
    void anUndocumentedStatusIsLoggedOnceHoweverOftenItIsSeen() {
        String status = "provisioning-" + System.nanoTime();
        List<String> warnings = new CopyOnWriteArrayList<>();
        Logger logger = (Logger) LogManager.getLogger(StatusMapping.class);
        AbstractAppender capture = new AbstractAppender("capture", null, null, true, Property.EMPTY_ARRAY) {
            @Override
            public void append(LogEvent event) {
                warnings.add(event.getMessage().getFormattedMessage());
            }
        };
        capture.start();
        logger.addAppender(capture);
        try {
            PixxelJob job = new PixxelJob(null, status, null, "j1", null, null, null, null, "wf", null, null, null, null,
                    null, 60L, "50%");
            for (int i = 0; i < 3; i++) {
                assertEquals(JobPhase.UNKNOWN, PixxelApi.snapshot(job, Instant.EPOCH).phase());
            }
            assertEquals(Duration.ofSeconds(30), PixxelApi.expectedRemaining(job, Instant.EPOCH),
                    "an unknown status is not terminal: the job is still expected to end");
        } finally {
            logger.removeAppender(capture);
        }
        assertEquals(1, warnings.stream().filter(w -> w.contains(status)).count(), warnings.toString());
        assertTrue(warnings.get(0).contains("Pixxel"), warnings.get(0));
    }
}
