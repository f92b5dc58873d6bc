package io.chorus.server;

import io.chorus.api.socketio.SocketIoOptions;

import java.nio.file.Path;

/** Everything `chorus serve` can be told, after flags, environment and config file are merged. */
public record ServerConfig(
        String host,
        int port,
        Path dataDir,
        String publicUrl,
        int eventLoops,
        boolean tcpNoDelay,
        int maxFrameBytes,
        int maxBodyBytes,
        int maxMessageBytes,
        int outboundQueue,
        int pingIntervalSeconds,
        int rateLimit,
        int maxSubscriptions,
        int maxConnectionsPerUser,
        String adminToken,
        boolean durableSync,
        ClusterConfig cluster,
        SocketIoOptions socketIo,
        io.chorus.api.devicehive.DeviceHiveOptions deviceHive,
        io.chorus.api.chat21.Chat21Options chat21,
        boolean quiet) {

    public String listenUrl() {
        String h = host.equals("0.0.0.0") || host.equals("::") ? "127.0.0.1" : host;
        return "http://" + h + ":" + port;
    }

    public String effectivePublicUrl() { return publicUrl != null && !publicUrl.isBlank() ? publicUrl : listenUrl(); }

    /** Defaults suited to tests: loopback, an ephemeral port, the given data directory, quiet. */
    public static ServerConfig forTests(Path dataDir) {
        return new ServerConfig("127.0.0.1", 0, dataDir, null, 2, true, 64 * 1024, 1024 * 1024, 64 * 1024, 1024, 25,
                1000, 1000, 100, null, false, ClusterConfig.SINGLE_NODE, SocketIoOptions.DEFAULTS, io.chorus.api.devicehive.DeviceHiveOptions.DEFAULTS,
                io.chorus.api.chat21.Chat21Options.DEFAULTS.withMqttPort(0), true);
    }

    public ServerConfig withAdminToken(String token) {
        return new ServerConfig(host, port, dataDir, publicUrl, eventLoops, tcpNoDelay, maxFrameBytes, maxBodyBytes,
                maxMessageBytes, outboundQueue, pingIntervalSeconds, rateLimit, maxSubscriptions, maxConnectionsPerUser,
                token, durableSync, cluster, socketIo, deviceHive, chat21, quiet);
    }

    public ServerConfig withLimits(int outboundQueue, int pingIntervalSeconds, int rateLimit) {
        return new ServerConfig(host, port, dataDir, publicUrl, eventLoops, tcpNoDelay, maxFrameBytes, maxBodyBytes,
                maxMessageBytes, outboundQueue, pingIntervalSeconds, rateLimit, maxSubscriptions, maxConnectionsPerUser,
                adminToken, durableSync, cluster, socketIo, deviceHive, chat21, quiet);
    }

    public ServerConfig withCluster(ClusterConfig cluster) {
        return new ServerConfig(host, port, dataDir, publicUrl, eventLoops, tcpNoDelay, maxFrameBytes, maxBodyBytes,
                maxMessageBytes, outboundQueue, pingIntervalSeconds, rateLimit, maxSubscriptions, maxConnectionsPerUser,
                adminToken, durableSync, cluster, socketIo, deviceHive, chat21, quiet);
    }

    public ServerConfig withSocketIo(SocketIoOptions socketIo) {
        return new ServerConfig(host, port, dataDir, publicUrl, eventLoops, tcpNoDelay, maxFrameBytes, maxBodyBytes,
                maxMessageBytes, outboundQueue, pingIntervalSeconds, rateLimit, maxSubscriptions, maxConnectionsPerUser,
                adminToken, durableSync, cluster, socketIo, deviceHive, chat21, quiet);
    }

    public ServerConfig withDeviceHive(io.chorus.api.devicehive.DeviceHiveOptions options) {
        return new ServerConfig(host, port, dataDir, publicUrl, eventLoops, tcpNoDelay, maxFrameBytes, maxBodyBytes,
                maxMessageBytes, outboundQueue, pingIntervalSeconds, rateLimit, maxSubscriptions, maxConnectionsPerUser,
                adminToken, durableSync, cluster, socketIo, options, chat21, quiet);
    }

    public ServerConfig withChat21(io.chorus.api.chat21.Chat21Options options) {
        return new ServerConfig(host, port, dataDir, publicUrl, eventLoops, tcpNoDelay, maxFrameBytes, maxBodyBytes,
                maxMessageBytes, outboundQueue, pingIntervalSeconds, rateLimit, maxSubscriptions, maxConnectionsPerUser,
                adminToken, durableSync, cluster, socketIo, deviceHive, options, quiet);
    }
}
