package io.chorus.core.device;

/** What the device domain publishes to subscribers: a command inserted or updated, or a notification. */
public sealed interface DeviceEvent {
    String deviceId();

    Long networkId();

    Long deviceTypeId();

    /** A command: {@code updated} is false for a new one, true when its status or result changed. */
    record Command(DeviceCommand command, boolean updated) implements DeviceEvent {
        public String deviceId() { return command.deviceId(); }

        public Long networkId() { return command.networkId(); }

        public Long deviceTypeId() { return command.deviceTypeId(); }
    }

    record Notification(DeviceNotification notification) implements DeviceEvent {
        public String deviceId() { return notification.deviceId(); }

        public Long networkId() { return notification.networkId(); }

        public Long deviceTypeId() { return notification.deviceTypeId(); }
    }
}
