package io.chorus.core.device;

/**
 * A command sent to a device. {@code parameters} and {@code result} are JSON texts or null; times are epoch ms
 * ({@code timestamp} when it was issued, {@code lastUpdated} when its status or result last changed).
 */
public record DeviceCommand(long id, String deviceId, Long networkId, Long deviceTypeId, String command, String parameters,
                            Integer lifetime, String status, String result, Long userId, long timestamp, long lastUpdated) {
    public DeviceCommand withOutcome(String newStatus, String newResult, long at) {
        return new DeviceCommand(id, deviceId, networkId, deviceTypeId, command, parameters, lifetime, newStatus, newResult,
                userId, timestamp, at);
    }
}
