package io.chorus.api.socketio;

import io.chorus.broker.PublicationCodec;
import io.chorus.core.ClusterWire;
import io.chorus.fanout.Publication;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** A room broadcast crosses nodes intact (the server registers it with the cluster codec), binary included. */
class BroadcastWireTest {
    @Test
    void roundTripsThroughTheClusterCodec() {
        var mapper = ClusterWire.mapper();
        PublicationCodec codec = ClusterWire.codec(mapper, java.util.Map.of("socketio", Broadcast.class));
        Broadcast b = new Broadcast("/rooms", "51-/rooms,[\"said\",{\"_placeholder\":true,\"num\":0}]",
                List.of(new byte[] {0, 1, (byte) 255}), Set.of("socket-1"), true);
        Publication p = new Publication(List.of("sio:/rooms#r1"), null, b);
        assertThat(codec.carries(p)).isTrue();
        List<PublicationCodec.Received> back = codec.decode(PublicationCodec.batch(List.of(codec.encode(p))));
        Broadcast got = (Broadcast) back.get(0).event();
        assertThat(got.nsp()).isEqualTo("/rooms");
        assertThat(got.packet()).isEqualTo(b.packet());
        assertThat(got.attachments().get(0)).containsExactly(0, 1, 255 - 256);
        assertThat(got.except()).containsExactly("socket-1");
        assertThat(got.recoverable()).isTrue();
        assertThat(back.get(0).topics()).containsExactly("sio:/rooms#r1");
    }
}
