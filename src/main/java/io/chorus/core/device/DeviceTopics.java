package io.chorus.core.device;

import java.util.ArrayList;
import java.util.List;

/**
 * Fan-out topics of the device domain. A command or notification is published to its device's topic, its network's
 * topic and the all-devices topic; a subscriber listens to the narrowest one that covers what it asked for and
 * filters the rest (device type, names) itself.
 */
public final class DeviceTopics {
    private DeviceTopics() {}

    public static String device(boolean commands, String deviceId) { return (commands ? "dc:d:" : "dn:d:") + deviceId; }

    public static String network(boolean commands, long networkId) { return (commands ? "dc:n:" : "dn:n:") + networkId; }

    public static String all(boolean commands) { return commands ? "dc:*" : "dn:*"; }

    static List<String> of(boolean commands, String deviceId, Long networkId) {
        List<String> topics = new ArrayList<>(3);
        topics.add(device(commands, deviceId));
        if (networkId != null) topics.add(network(commands, networkId));
        topics.add(all(commands));
        return topics;
    }
}
