package io.chorus.api.diode;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.databind.node.TextNode;
import io.chorus.api.diode.jsonrpc.JsonRpcError;
import io.chorus.api.diode.jsonrpc.JsonRpcException;
import io.chorus.api.diode.jsonrpc.Params;
import io.chorus.core.Channel;
import io.chorus.core.Chorus;
import io.chorus.core.ChorusException;
import io.chorus.core.Member;
import io.chorus.core.Role;
import io.chorus.core.User;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Zone membership methods. Owners and Admins manage members; Admins cannot add or remove Admins or Owners. */
final class DiodeMembers {
    private final Chorus core;
    private final ObjectMapper json;

    DiodeMembers(Chorus core, ObjectMapper json) {
        this.core = core;
        this.json = json;
    }

    JsonNode list(DiodeCall call, Params p) {
        String zoneId = p.requireString("zone_id");
        requireManager(zoneId, call.user());
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("members");
        for (Member m : core.directory().members(zoneId)) {
            User u = core.directory().user(m.userId()).orElse(null);
            if (u == null) continue;
            ObjectNode o = list.addObject();
            o.put("member_id", u.address());
            o.put("role", m.role().wireName());
            o.putArray("device_ids").add(u.address());
            o.put("username", u.username());
            o.put("nickname", u.displayName());
        }
        return result;
    }

    JsonNode add(DiodeCall call, Params p) {
        String zoneId = p.requireString("zone_id");
        Member caller = requireManager(zoneId, call.user());
        User peer = peer(p);
        String roleName = p.optionalString("role").orElse("Member");
        Role role = Role.parse(roleName).filter(r -> r != Role.OWNER).orElseThrow(() -> new JsonRpcException(
                JsonRpcError.invalidParams("invalid_role", "role must be Member, Reader, Admin or BackupBot")));
        Role current = core.directory().member(zoneId, peer.id()).map(Member::role).orElse(null);
        if (caller.role() == Role.ADMIN && (role == Role.ADMIN || current == Role.ADMIN || current == Role.OWNER)) {
            throw ChorusException.forbidden("only the zone owner can add or change admins");
        }
        if (current == Role.OWNER) throw ChorusException.forbidden("the owner's role cannot be changed here");
        try {
            core.zones().setMember(zoneId, peer.id(), role);
        } catch (ChorusException e) {
            throw new JsonRpcException(JsonRpcError.internal("add_member_failed", e.details()));
        }
        return TextNode.valueOf("Member added");
    }

    JsonNode remove(DiodeCall call, Params p) {
        String zoneId = p.requireString("zone_id");
        Member caller = requireManager(zoneId, call.user());
        User peer = peer(p);
        Member target = core.directory().member(zoneId, peer.id()).orElseThrow(() -> new JsonRpcException(
                JsonRpcError.internal("remove_member_failed", peer.address() + " is not a member of this zone")));
        if (target.role() == Role.OWNER) throw ChorusException.forbidden("the zone owner cannot be removed");
        if (caller.role() == Role.ADMIN && target.role() == Role.ADMIN) {
            throw ChorusException.forbidden("only the zone owner can remove admins");
        }
        core.zones().removeMember(zoneId, peer.id());
        return TextNode.valueOf("Member removed");
    }

    /** Peers of the caller in the zone, with the time of the last message in their direct channel (seconds). */
    JsonNode meta(DiodeCall call, Params p) {
        String zoneId = p.requireString("zone_id");
        core.zones().requireMembership(zoneId, call.user());
        List<User> peers = new ArrayList<>();
        List<String> channelIds = new ArrayList<>();
        for (Member m : core.directory().members(zoneId)) {
            if (m.userId().equals(call.user().id())) continue;
            core.directory().user(m.userId()).ifPresent(peers::add);
            core.directory().directChannel(zoneId, call.user().id(), m.userId()).map(Channel::id).ifPresent(channelIds::add);
        }
        Map<String, Long> last = core.messaging().lastActivity(channelIds);
        ObjectNode result = json.createObjectNode();
        ArrayNode list = result.putArray("members");
        for (User u : peers) {
            ObjectNode o = list.addObject();
            o.put("name", u.username());
            o.put("address", u.address());
            Long t = core.directory().directChannel(zoneId, call.user().id(), u.id()).map(c -> last.get(c.id())).orElse(null);
            if (t == null) o.putNull("last_chat_timestamp");
            else o.put("last_chat_timestamp", t / 1000);
        }
        return result;
    }

    private Member requireManager(String zoneId, User user) {
        Member m = core.zones().requireMembership(zoneId, user);
        if (!m.role().canManageMembers()) throw ChorusException.forbidden("only owners and admins manage members");
        return m;
    }

    private User peer(Params p) {
        String ref = p.requireString("peer_id");
        return core.directory().userByNameOrAddress(ref).orElseThrow(() -> new JsonRpcException(
                JsonRpcError.invalidParams("invalid_peer_id", "no user with address or name " + ref)));
    }
}
