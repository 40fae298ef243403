package dev.asyncjobs.engine.camel;

import dev.asyncjobs.engine.spi.JobRef;
import dev.asyncjobs.engine.spi.JobSnapshot;
import org.apache.camel.Message;

/** Writes a job snapshot onto a message as the common headers, the same way for producers and consumers. */
final class AsyncJobMessages {

    private AsyncJobMessages() {
    }

    static void setHeaders(Message message, JobRef ref, JobSnapshot snapshot) {
        message.setHeader(AsyncJobConstants.JOB_ID, snapshot.jobId());
        if (ref != null && ref.jobType() != null) {
            message.setHeader(AsyncJobConstants.JOB_TYPE, ref.jobType());
        }
        message.setHeader(AsyncJobConstants.STATUS, snapshot.status());
        message.setHeader(AsyncJobConstants.PHASE, snapshot.phase());
        message.setHeader(AsyncJobConstants.TERMINAL, snapshot.terminal());
        setOrRemove(message, AsyncJobConstants.PROGRESS, snapshot.progress());
        setOrRemove(message, AsyncJobConstants.ERROR_CODE, snapshot.errorCode());
        setOrRemove(message, AsyncJobConstants.ERROR_MESSAGE, snapshot.errorMessage());
        snapshot.vendorHeaders().forEach(message::setHeader);
    }

    private static void setOrRemove(Message message, String name, Object value) {
        if (value != null) {
            message.setHeader(name, value);
        } else {
            message.removeHeader(name);
        }
    }
}
