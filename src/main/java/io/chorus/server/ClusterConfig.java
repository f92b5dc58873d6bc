package io.chorus.server;

/**
 * Where a node keeps state and how it meets the other nodes: {@code store} is "sqlite" (embedded, one node) or
 * "postgres" (shared); {@code broker} is "local" (one node) or "nats" (between nodes, subjects under
 * {@code clusterName}); {@code nodeName} names this node in logs, health and NATS.
 */
public record ClusterConfig(String store, String pgUrl, String broker, String natsUrl, String clusterName,
                            String nodeName) {

    public static final ClusterConfig SINGLE_NODE = new ClusterConfig("sqlite", null, "local", null, "chorus", defaultNodeName());

    public ClusterConfig {
        if (!store.equals("sqlite") && !store.equals("postgres")) throw new IllegalArgumentException("--store must be sqlite or postgres");
        if (!broker.equals("local") && !broker.equals("nats")) throw new IllegalArgumentException("--broker must be local or nats");
        if (store.equals("postgres") && (pgUrl == null || pgUrl.isBlank())) {
            throw new IllegalArgumentException("--store postgres needs --pg-url (or CHORUS_PG_URL)");
        }
        if (broker.equals("nats") && (natsUrl == null || natsUrl.isBlank())) {
            throw new IllegalArgumentException("--broker nats needs --nats-url (or CHORUS_NATS_URL)");
        }
        if (broker.equals("nats") && store.equals("sqlite")) {
            throw new IllegalArgumentException("--broker nats joins nodes that share a store: use --store postgres");
        }
        if (clusterName == null || !clusterName.matches("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*")) {
            throw new IllegalArgumentException("--cluster-name must be letters, digits, '_' or '-' (dots between)");
        }
    }

    public static String defaultNodeName() {
        String host = System.getenv("HOSTNAME");
        if (host == null || host.isBlank()) {
            try {
                host = java.net.InetAddress.getLocalHost().getHostName();
            } catch (java.io.IOException e) {
                host = "node";
            }
        }
        return host + "-" + ProcessHandle.current().pid();
    }
}
