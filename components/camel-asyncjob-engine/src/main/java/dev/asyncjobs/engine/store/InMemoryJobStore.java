package dev.asyncjobs.engine.store;

import java.util.Set;

/** Keeps followed jobs in memory only: they are forgotten when the application stops. The default. */
public class InMemoryJobStore extends LocalJobStore {

    @Override
    protected void persist(JobRecord record, boolean durable) {
    }

    @Override
    protected void erase(String account, String jobId) {
    }

    @Override
    protected void persistIntent(SubmitIntent intent) {
    }

    @Override
    protected void eraseIntent(String account, String intentId) {
    }

    @Override
    protected void persistGroups(String account, Set<String> groups) {
    }

    @Override
    protected void persistValue(String account, String name, byte[] value) {
    }
}
