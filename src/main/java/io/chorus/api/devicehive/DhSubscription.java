package io.chorus.api.devicehive;

import io.chorus.core.device.DeviceEvent;
import io.chorus.core.device.DeviceTopics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One command or notification subscription of a connection. Null sets match anything. A command subscription
 * with {@code returnUpdatedCommands} receives updates only; otherwise new commands only (the reference's 4.x rule).
 */
record DhSubscription(long id, boolean commands, String deviceId, Set<Long> networkIds, Set<Long> deviceTypeIds,
                      Set<String> names, boolean returnUpdated, String timestamp) {
    /** What ends each of its pushes: {@code ,"subscriptionId":N}}. */
    byte[] suffix() { return (",\"subscriptionId\":" + id + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8); }

    boolean matches(DeviceEvent e) {
        if (commands != (e instanceof DeviceEvent.Command)) return false;
        if (e instanceof DeviceEvent.Command c && c.updated() != returnUpdated) return false;
        if (deviceId != null && !deviceId.equals(e.deviceId())) return false;
        if (networkIds != null && (e.networkId() == null || !networkIds.contains(e.networkId()))) return false;
        if (deviceTypeIds != null && (e.deviceTypeId() == null || !deviceTypeIds.contains(e.deviceTypeId()))) return false;
        return names == null || names.contains(name(e));
    }

    static String name(DeviceEvent e) {
        return e instanceof DeviceEvent.Command c ? c.command().command() : ((DeviceEvent.Notification) e).notification().notification();
    }

    /** The narrowest fan-out topics that cover it; the rest is filtered by {@link #matches}. */
    List<String> topics() {
        if (deviceId != null) return List.of(DeviceTopics.device(commands, deviceId));
        if (networkIds != null) {
            List<String> out = new ArrayList<>();
            for (long n : networkIds) out.add(DeviceTopics.network(commands, n));
            return out;
        }
        return List.of(DeviceTopics.all(commands));
    }
}
