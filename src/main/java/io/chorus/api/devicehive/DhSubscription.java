package io.chorus.api.devicehive;

import io.chorus.core.device.DeviceEvent;
import io.chorus.core.device.DeviceTopics;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * One command or notification subscription of a connection. Null sets match anything. A command subscription
 * with {@code returnUpdatedCommands} receives updates only; otherwise new commands only (the reference's 4.x rule).
 * {@code liveFloor}, for a subscription that reads a backlog after {@code timestamp}, drops new commands and
 * notifications that are no newer than both that timestamp and what had been stored when it began (see
 * {@link #startingAfter}); updates pass.
 */
record DhSubscription(long id, boolean commands, String deviceId, Set<Long> networkIds, Set<Long> deviceTypeIds,
                      Set<String> names, boolean returnUpdated, String timestamp, Long liveFloor) {
    /**
     * The live floor of a subscription with a backlog after {@code after}, given the newest time the store had given
     * when it began ({@link io.chorus.store.DeviceStore#timeGivenUpTo}). A publication trails its commit, so an item
     * committed before the subscription began can still arrive live; the backlog has it if it is newer than
     * {@code after}, and a client that resumes from the timestamp of the last item it got has seen it otherwise (long
     * polling repeated such items). Items stored later get later times and pass; so does everything when
     * {@code after} lies ahead of the server's clock (a client whose clock is ahead). An item posted later with an
     * explicit timestamp at or below the floor does not pass: it is not after the time the client asked for.
     */
    static Long startingAfter(Long after, long timeGivenUpTo) {
        return after == null ? null : Math.min(after, Math.max(timeGivenUpTo, System.currentTimeMillis()));
    }

    /** What ends each of its pushes: {@code ,"subscriptionId":N}}. */
    byte[] suffix() { return (",\"subscriptionId\":" + id + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8); }

    boolean matches(DeviceEvent e) {
        if (commands != (e instanceof DeviceEvent.Command)) return false;
        if (e instanceof DeviceEvent.Command c && c.updated() != returnUpdated) return false;
        if (liveFloor != null && !returnUpdated && createdAt(e) <= liveFloor) return false;
        if (deviceId != null && !deviceId.equals(e.deviceId())) return false;
        if (networkIds != null && (e.networkId() == null || !networkIds.contains(e.networkId()))) return false;
        if (deviceTypeIds != null && (e.deviceTypeId() == null || !deviceTypeIds.contains(e.deviceTypeId()))) return false;
        return names == null || names.contains(name(e));
    }

    /** When an item was created (update subscriptions follow update times, which the live floor leaves alone). */
    private static long createdAt(DeviceEvent e) {
        return e instanceof DeviceEvent.Command c ? c.command().timestamp() : ((DeviceEvent.Notification) e).notification().timestamp();
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
