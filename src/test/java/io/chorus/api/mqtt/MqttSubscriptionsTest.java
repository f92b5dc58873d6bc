package io.chorus.api.mqtt;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A connection's filters answer for a topic, and a change of filters changes the answer at once (the last match is kept). */
class MqttSubscriptionsTest {
    private static final String TOPIC = "apps/app/users/u1/messages/g1/clientadded";

    @Test
    void exactAndWildcardGrantsMergeToTheHighest() {
        MqttSubscriptions s = new MqttSubscriptions();
        s.put("apps/app/users/u1/#", new MqttSubscriptions.Grant(0, false));
        s.put(TOPIC, new MqttSubscriptions.Grant(1, false));
        assertThat(s.match(TOPIC)).isEqualTo(new MqttSubscriptions.Grant(1, false));
        assertThat(s.match("apps/app/users/u1/other")).isEqualTo(new MqttSubscriptions.Grant(0, false));
        assertThat(s.match("apps/app/users/u2/other")).isNull();
    }

    @Test
    void aNewFilterAppliesToATopicMatchedBefore() {
        MqttSubscriptions s = new MqttSubscriptions();
        assertThat(s.match(TOPIC)).isNull();
        s.put("apps/app/users/u1/#", new MqttSubscriptions.Grant(1, true));
        assertThat(s.match(TOPIC)).isEqualTo(new MqttSubscriptions.Grant(1, true));
        // The same text in another String, as each delivery builds or reuses its topic.
        assertThat(s.match(new String(TOPIC))).isEqualTo(new MqttSubscriptions.Grant(1, true));
    }

    @Test
    void aRemovedOrReplacedFilterNoLongerGrants() {
        MqttSubscriptions s = new MqttSubscriptions();
        s.put("apps/app/users/u1/#", new MqttSubscriptions.Grant(1, false));
        assertThat(s.match(TOPIC)).isNotNull();
        s.put("apps/app/users/u1/#", new MqttSubscriptions.Grant(0, false));
        assertThat(s.match(TOPIC)).isEqualTo(new MqttSubscriptions.Grant(0, false));
        assertThat(s.remove("apps/app/users/u1/#")).isTrue();
        assertThat(s.match(TOPIC)).isNull();
    }
}
