package dev.asyncjobs.engine.store;

import java.nio.file.Path;

import org.junit.jupiter.api.io.TempDir;

class MvStoreJobStoreContractTest extends JobStoreContractTest {

    @TempDir
    Path dir;

    @Override
    protected JobStore createStore() {
        return new MvStoreJobStore(dir.resolve("jobs.mv.db"));
    }
}
