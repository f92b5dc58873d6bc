package io.chorus.api.mqtt;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import static org.assertj.core.api.Assertions.assertThat;

/** Topic filter syntax and matching, from the examples of MQTT 3.1.1 §4.7 and MQTT 5 §4.7. */
class MqttTopicsTest {

    @ParameterizedTest(name = "{0} valid={1}")
    @CsvSource({
            "sport/tennis/player1/#, true", "sport/#, true", "#, true", "+, true", "+/tennis/#, true", "sport/+/player1, true",
            "/finance, true", "sport/tennis#, false", "sport/tennis/#/ranking, false", "sport+, false", "a/b+/c, false",
            "'', false", "a/#/, false"})
    void filterSyntax(String filter, boolean valid) {
        assertThat(MqttTopics.isValidFilter(filter)).isEqualTo(valid);
    }

    @ParameterizedTest(name = "{0} vs {1} = {2}")
    @CsvSource({
            "sport/tennis/player1/#, sport/tennis/player1, true",
            "sport/tennis/player1/#, sport/tennis/player1/ranking, true",
            "sport/tennis/player1/#, sport/tennis/player1/score/wimbledon, true",
            "sport/#, sport, true",
            "sport/tennis/+, sport/tennis/player1, true",
            "sport/tennis/+, sport/tennis/player1/tournament, false",
            "sport/+, sport, false",
            "sport/+, sport/, true",
            "+/+, /finance, true",
            "/+, /finance, true",
            "+, /finance, false",
            "#, $SYS/monitor, false",
            "+/monitor, $SYS/monitor, false",
            "$SYS/#, $SYS/monitor, true",
            "$SYS/monitor/+, $SYS/monitor/Clients, true",
            "users/good/inbox, users/good/inbox, true",
            "users/good/inbox, users/good/inbox2, false",
            "users/good, users/good/inbox, false"})
    void matching(String filter, String topic, boolean matches) {
        assertThat(MqttTopics.matches(filter, topic)).isEqualTo(matches);
    }
}
