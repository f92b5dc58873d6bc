package io.chorus.core;

public record Member(String zoneId, String userId, Role role, long joinedAt) {}
