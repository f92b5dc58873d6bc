package io.chorus.core.device;

/** A notification a device sent; {@code parameters} is a JSON text or null; {@code timestamp} in epoch ms. */
public record DeviceNotification(long id, String deviceId, Long networkId, Long deviceTypeId, String notification,
                                 String parameters, long timestamp) {}
