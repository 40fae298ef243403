package dev.asyncjobs.engine.store;

class InMemoryJobStoreContractTest extends JobStoreContractTest {

    @Override
    protected JobStore createStore() {
        return new InMemoryJobStore();
    }
}
