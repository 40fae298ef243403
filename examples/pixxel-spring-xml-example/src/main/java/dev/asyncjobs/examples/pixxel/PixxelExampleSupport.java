package dev.asyncjobs.examples.pixxel;

import java.io.File;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.stream.Collectors;

import dev.asyncjobs.engine.camel.AsyncJobConstants;
import dev.asyncjobs.pixxel.api.PixxelJob;
import org.apache.camel.Body;
import org.apache.camel.Header;

/** The example's bean: formats a job's tasks for the log, records what happened, and signals the end. */
public class PixxelExampleSupport {

    private final CountDownLatch done = new CountDownLatch(1);
    private final List<String> transitions = new CopyOnWriteArrayList<>();
    private volatile String createdJobId;
    private volatile File output;
    private volatile String finalStatus;

    /** "data-ingestion completed 100%, atmospheric-correction running 20%". */
    public String describeTasks(@Body PixxelJob job) {
        if (job == null || job.tasks().isEmpty()) {
            return "none yet";
        }
        return job.tasks().stream()
                .map(t -> t.name() + " " + t.status() + (t.progress() != null ? " " + t.progress() + "%" : "")
                          + (t.errMsg() != null ? " (" + t.failureType() + ": " + t.errMsg() + ")" : ""))
                .collect(Collectors.joining(", "));
    }

    /** Records the job this run created. */
    public void created(@Header(AsyncJobConstants.JOB_ID) String jobId) {
        this.createdJobId = jobId;
    }

    /** Records one emitted transition. */
    public void transition(@Header(AsyncJobConstants.JOB_ID) String jobId,
                           @Header(AsyncJobConstants.PREVIOUS_STATUS) String previous,
                           @Header(AsyncJobConstants.STATUS) String status, @Header("tasks") String tasks) {
        if (jobId.equals(createdJobId)) {
            transitions.add(previous + " -> " + status + ": " + tasks);
            finalStatus = status;
        }
    }

    /** Records the downloaded file. */
    public void downloaded(@Header(AsyncJobConstants.JOB_ID) String jobId, @Body File file) {
        if (jobId.equals(createdJobId)) {
            this.output = file;
        }
    }

    /**
     * A job is over (and its output downloaded, if it completed). The run ends with the job it created; jobs still
     * tracked from an earlier run (the tracking file) are followed too but do not end it.
     */
    public void done(@Header(AsyncJobConstants.JOB_ID) String jobId) {
        if (jobId.equals(createdJobId)) {
            done.countDown();
        }
    }

    CountDownLatch doneLatch() {
        return done;
    }

    List<String> transitions() {
        return transitions;
    }

    File output() {
        return output;
    }

    String finalStatus() {
        return finalStatus;
    }
}
