package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.BooleanNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chorus.api.diode.jsonrpc.JsonRpcError;
import io.chorus.api.diode.jsonrpc.JsonRpcException;
import io.chorus.api.diode.jsonrpc.Params;
import io.chorus.core.Channel;
import io.chorus.core.Chorus;
import io.chorus.core.Messaging;
import io.chorus.core.Topics;

import java.util.Optional;

/**
 * Subscriptions over the WebSocket. A subscription with {@code since:{offset, epoch}} first subscribes (buffering
 * live messages), then reads what was missed, answers {@code {recovered, offset, epoch}}, replays the gap and only
 * then releases the buffer, skipping what the replay covered: no gap, no duplicate, order kept.
 */
final class DiodeSubscriptions {
    private final Chorus core;
    private final ObjectMapper json;
    private final DiodeChannelRefs channels;

    DiodeSubscriptions(Chorus core, ObjectMapper json, DiodeChannelRefs channels) {
        this.core = core;
        this.json = json;
        this.channels = channels;
    }

    JsonNode subscribeChannel(DiodeCall call, Params p) {
        String zoneId = p.requireString("zone_id");
        Channel channel = channels.resolve(call, p, zoneId);
        Optional<JsonNode> since = p.optionalObject("since");
        DiodeWebSocketSession session = call.session();
        if (since.isEmpty()) {
            session.onLoop(() -> session.subscribeTopic(Topics.channel(channel.id()), false));
            return TextNode.valueOf("Subscribed");
        }
        long offset = since.get().path("offset").asLong(-1);
        String epoch = since.get().path("epoch").asText("");
        if (offset < 0 || !since.get().path("offset").canConvertToLong()) {
            throw new JsonRpcException(JsonRpcError.invalidParams("invalid_since", "since needs {offset, epoch}"));
        }
        session.onLoop(() -> session.subscribeTopic(Topics.channel(channel.id()), true));
        Messaging.Recovery r;
        try {
            r = core.messaging().recover(call.user(), channel, offset, epoch);
        } catch (RuntimeException e) {
            session.onLoop(() -> session.endRecovery(channel.id(), java.util.List.of(), 0));
            throw e;
        }
        call.afterReply(() -> session.endRecovery(channel.id(), r.events(), r.recovered() ? lastOffset(r, offset) : 0));
        ObjectNode result = json.createObjectNode();
        result.put("recovered", r.recovered());
        result.put("offset", r.offset());
        result.put("epoch", r.epoch());
        return result;
    }

    private static long lastOffset(Messaging.Recovery r, long since) {
        return r.events().isEmpty() ? since : r.events().get(r.events().size() - 1).message().offset();
    }

    JsonNode subscribeZone(DiodeCall call, Params p) {
        String zoneId = p.requireString("zone_id");
        core.zones().requireMembership(zoneId, call.user());
        DiodeWebSocketSession session = call.session();
        session.onLoop(() -> session.subscribeTopic(Topics.zone(zoneId), false));
        return TextNode.valueOf("Subscribed");
    }

    JsonNode unsubscribeChannel(DiodeCall call, Params p) {
        String zoneId = p.requireString("zone_id");
        Channel channel = channels.resolve(call, p, zoneId);
        DiodeWebSocketSession session = call.session();
        return BooleanNode.valueOf(session.onLoop(() -> session.unsubscribe(Topics.channel(channel.id()))));
    }

    JsonNode unsubscribeZone(DiodeCall call, Params p) {
        String zoneId = p.requireString("zone_id");
        DiodeWebSocketSession session = call.session();
        return BooleanNode.valueOf(session.onLoop(() -> session.unsubscribe(Topics.zone(zoneId))));
    }
}
