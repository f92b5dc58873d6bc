package io.chorus.core.device;

/** A device: a string id its owner chooses, free-form JSON {@code data} (text or null), and where it belongs. */
public record Device(String id, String name, String data, Long networkId, Long deviceTypeId, boolean blocked) {}
