package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.node.ObjectNode;

/** server/info, server/cacheInfo and cluster/info: open to anonymous sessions, as in the reference. */
final class DhInfoActions {
    static final String API_VERSION = "4.1.0";

    private final DhNodeStats stats;
    private final DhJson json;

    DhInfoActions(DhNodeStats stats, DhJson json) {
        this.stats = stats;
        this.json = json;
    }

    void register(DhActions actions) {
        actions.on("server/info", this::serverInfo)
                .on("server/cacheInfo", this::cacheInfo)
                .on("cluster/info", this::clusterInfo);
    }

    private ObjectNode serverInfo(DhRequest r) {
        ObjectNode info = json.object().put("apiVersion", API_VERSION)
                .put("serverTimestamp", DhJson.timestamp(System.currentTimeMillis()));
        String host = r.connection.host();
        info.put("restServerUrl", host == null ? null : "http://" + host + "/api/rest");
        ObjectNode out = json.object();
        out.set("info", info);
        return out;
    }

    /** The reference's shape; the stats describe this node's sessions and store, since Chorus keeps no message cache. */
    private ObjectNode cacheInfo(DhRequest r) {
        ObjectNode info = json.object().put("serverTimestamp", DhJson.timestamp(System.currentTimeMillis()))
                .put("cacheStats", stats.describe());
        ObjectNode out = json.object();
        out.set("cacheInfo", info);
        return out;
    }

    /** The reference reports its Kafka and ZooKeeper addresses; Chorus uses neither, so both are null. */
    private ObjectNode clusterInfo(DhRequest r) {
        ObjectNode info = json.object().putNull("bootstrap.servers").putNull("zookeeper.connect");
        ObjectNode out = json.object();
        out.set("clusterInfo", info);
        return out;
    }
}
