package io.chorus.core.device;

/** A kind of device; access to devices is also granted by device type. */
public record DeviceType(long id, String name, String description) {}
