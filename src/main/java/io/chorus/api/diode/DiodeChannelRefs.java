package io.chorus.api.diode;

import io.chorus.api.diode.jsonrpc.Params;
import io.chorus.core.Channel;
import io.chorus.core.Chorus;
import io.chorus.core.ChorusException;
import io.chorus.core.User;

import java.util.Optional;

/**
 * How a call names a channel: {@code user_name} (a username or address: the direct channel with that user, created
 * on first use) or {@code channel_id} (a channel id, a channel name, or again a username/address, as Diode allows).
 */
final class DiodeChannelRefs {
    private final Chorus core;

    DiodeChannelRefs(Chorus core) { this.core = core; }

    Channel resolve(DiodeCall call, Params p, String zoneId) {
        return core.zones().resolve(call.user(), zoneId, ref(call, p, zoneId));
    }

    /** The channel id or reference to hand to the core. */
    String ref(DiodeCall call, Params p, String zoneId) {
        Optional<String> userName = p.optionalString("user_name");
        if (userName.isPresent() && !p.has("channel_id")) {
            User peer = core.directory().userByNameOrAddress(userName.get()).orElseThrow(() ->
                    ChorusException.notFound("channel_not_found", "no user " + userName.get()));
            return core.zones().directWith(call.user(), zoneId, peer).id();
        }
        return p.requireString("channel_id");
    }

    /** {@link #ref} when it needs no direct channel looked up or created, else null. */
    String refWithoutBlocking(Params p) {
        Optional<String> userName = p.optionalString("user_name");
        if (userName.isPresent() && !p.has("channel_id")) return null;
        return p.requireString("channel_id");
    }
}
