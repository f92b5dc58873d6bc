package io.chorus.api.socketio.engine;

import io.vertx.core.MultiMap;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The kept request answers as the MultiMaps it was made from did: first value, any case, repeated names. */
class EngineIoRequestTest {
    @Test
    void headersAndQueryAreFoundInAnyCaseFirstValueFirst() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("Cookie", "a=1").add("Cookie", "b=2").add("User-Agent", "ua").add("X-Client", "c1");
        MultiMap query = MultiMap.caseInsensitiveMultiMap().add("EIO", "4").add("transport", "websocket");
        EngineIoRequest r = new EngineIoRequest(headers, query, "127.0.0.1", name -> true);
        assertThat(r.header("cookie")).isEqualTo("a=1");
        assertThat(r.header("user-agent")).isEqualTo("ua");
        assertThat(r.header("X-CLIENT")).as("a name after a repeated one is kept").isEqualTo("c1");
        assertThat(r.header("missing")).isNull();
        assertThat(r.query("eio")).isEqualTo("4");
        assertThat(r.query("transport")).isEqualTo("websocket");
        assertThat(r.query("sid")).isNull();
        assertThat(r.remoteAddress()).isEqualTo("127.0.0.1");
    }

    @Test
    void keepsOnlyTheNamesItIsToldToKeep() {
        MultiMap headers = MultiMap.caseInsensitiveMultiMap()
                .add("User-Agent", "ua").add("Authorisation", "t1").add("Cookie", "a=1").add("Channels", "1,2");
        MultiMap query = MultiMap.caseInsensitiveMultiMap().add("EIO", "4").add("TOKEN", "t2");
        java.util.Set<String> kept = java.util.Set.of("authorisation", "channels", "token");
        EngineIoRequest r = new EngineIoRequest(headers, query, "127.0.0.1", kept::contains);
        assertThat(r.header("authorisation")).isEqualTo("t1");
        assertThat(r.header("CHANNELS")).isEqualTo("1,2");
        assertThat(r.query("token")).as("names are matched in lower case").isEqualTo("t2");
        assertThat(r.header("user-agent")).isNull();
        assertThat(r.header("cookie")).isNull();
        assertThat(r.query("eio")).isNull();
    }
}
