package io.chorus.api.devicehive;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.chorus.core.device.Device;
import io.chorus.core.device.DeviceType;
import io.chorus.core.device.Network;

import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.TemporalAccessor;

/** DeviceHive's JSON shapes and its timestamp format: {@code yyyy-MM-dd'T'HH:mm:ss.SSS}, UTC, no zone suffix. */
final class DhJson {
    private static final DateTimeFormatter OUT = DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss.SSS").withZone(ZoneOffset.UTC);

    final ObjectMapper mapper;

    DhJson(ObjectMapper mapper) { this.mapper = mapper; }

    ObjectNode object() { return mapper.createObjectNode(); }

    static String timestamp(long epochMillis) { return OUT.format(Instant.ofEpochMilli(epochMillis)); }

    /** ISO-8601 with or without a zone (UTC when absent), or epoch milliseconds; 400 "Unparseable timestamp" else. */
    static long parseTimestamp(String text) {
        String t = text.trim();
        if (!t.isEmpty() && t.chars().allMatch(Character::isDigit)) return Long.parseLong(t);
        try {
            TemporalAccessor a = DateTimeFormatter.ISO_DATE_TIME.parseBest(t, java.time.ZonedDateTime::from,
                    java.time.LocalDateTime::from);
            if (a instanceof java.time.ZonedDateTime z) return z.toInstant().toEpochMilli();
            return ((java.time.LocalDateTime) a).toInstant(ZoneOffset.UTC).toEpochMilli();
        } catch (DateTimeParseException e) {
            throw DhError.badRequest("Unparseable timestamp");
        }
    }

    ObjectNode network(Network n) {
        return object().put("id", n.id()).put("name", n.name()).put("description", n.description());
    }

    ObjectNode deviceType(DeviceType t) {
        return object().put("id", t.id()).put("name", t.name()).put("description", t.description());
    }

    ObjectNode device(Device d) {
        ObjectNode o = object().put("id", d.id()).put("name", d.name());
        o.set("data", data(d.data()));
        o.put("networkId", d.networkId());
        o.put("deviceTypeId", d.deviceTypeId());
        return o.put("isBlocked", d.blocked());
    }

    /** With Chorus's presence extension: {@code isOnline}, whether a connection speaks for the device now. */
    ObjectNode device(Device d, boolean online) { return device(d).put("isOnline", online); }

    /** A command or notification as subscribers, lists and gets show it. */
    ObjectNode event(io.chorus.core.device.DeviceEvent e) {
        return e instanceof io.chorus.core.device.DeviceEvent.Command c ? command(c.command())
                : notification(((io.chorus.core.device.DeviceEvent.Notification) e).notification());
    }

    ObjectNode command(io.chorus.core.device.DeviceCommand c) {
        ObjectNode o = object().put("id", c.id()).put("command", c.command()).put("timestamp", timestamp(c.timestamp()))
                .put("lastUpdated", timestamp(c.lastUpdated()));
        o.put("userId", c.userId());
        o.put("deviceId", c.deviceId());
        o.put("networkId", c.networkId());
        o.put("deviceTypeId", c.deviceTypeId());
        o.set("parameters", data(c.parameters()));
        o.put("lifetime", c.lifetime());
        o.put("status", c.status());
        o.set("result", data(c.result()));
        return o;
    }

    ObjectNode notification(io.chorus.core.device.DeviceNotification n) {
        ObjectNode o = object().put("id", n.id()).put("notification", n.notification()).put("deviceId", n.deviceId());
        o.put("networkId", n.networkId());
        o.put("deviceTypeId", n.deviceTypeId());
        o.put("timestamp", timestamp(n.timestamp()));
        o.set("parameters", data(n.parameters()));
        return o;
    }

    /** Stored JSON text back as JSON (null stays null). */
    JsonNode data(String text) {
        if (text == null) return mapper.nullNode();
        try {
            return mapper.readTree(text);
        } catch (java.io.IOException e) {
            return mapper.getNodeFactory().textNode(text);
        }
    }

}
