package io.chorus.core.device;

/** A named configuration value of the device domain; {@code version} counts its updates. */
public record ConfigProperty(String name, String value, long version) {}
