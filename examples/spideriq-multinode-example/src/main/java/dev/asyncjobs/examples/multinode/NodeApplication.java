package dev.asyncjobs.examples.multinode;

import org.apache.camel.main.Main;

/**
 * One node: a Camel Main application whose jobs live in the shared database ({@code application.properties}). Every
 * node runs the same routes; start as many as you like against the same {@code example.jdbc-url}.
 */
public final class NodeApplication {

    private NodeApplication() {
    }

    public static void main(String[] args) throws Exception {
        Main main = new Main();
        main.configure().addRoutesBuilder(new NodeRoutes());
        main.run(args);
    }
}
