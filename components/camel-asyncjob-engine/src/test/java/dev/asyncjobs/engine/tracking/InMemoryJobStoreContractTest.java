package dev.asyncjobs.engine.tracking;

class InMemoryJobStoreContractTest extends JobStoreContractTest {

    @Override
    protected JobStore createStore() {
        return new InMemoryJobStore();
    }
}
