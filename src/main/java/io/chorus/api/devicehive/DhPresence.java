package io.chorus.api.devicehive;

import io.chorus.core.device.Device;
import io.chorus.core.device.DeviceDomain;

/** This node's side of device presence: connections claim the devices they speak for. Blocking. */
record DhPresence(DeviceDomain devices, String node) {
    void claimed(Device device) { devices.connected(device, node); }

    void released(String deviceId) { devices.disconnected(deviceId, node); }
}
