package io.chorus.core.device;

/** A group of devices; access to devices is granted by network. */
public record Network(long id, String name, String description) {}
