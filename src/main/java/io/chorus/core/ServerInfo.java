package io.chorus.core;

/** What chat commands and facades say about this server: its version and the URL clients reach it at. */
public record ServerInfo(String version, String publicUrl) {
    public static final String REMOTE_API_VERSION = "3.4";

    public static String currentVersion() {
        String v = ServerInfo.class.getPackage().getImplementationVersion();
        return v != null ? v : "dev";
    }
}
