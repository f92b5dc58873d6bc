package io.chorus.api.chat21;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.api.mqtt.MqttApplication;
import io.chorus.broker.Broker;
import io.chorus.core.Chorus;
import io.vertx.ext.web.Router;

/**
 * The Chat21 API ({@code ../shared/seeds/chat21-http-api.md}, {@code ../shared/reference/chat21.md}): REST under
 * {@code /api/{app}/...} and realtime over MQTT (the application given to Chorus's MQTT server). Apps are zones,
 * groups and direct conversations are core channels, so their messages meet every other API's.
 */
public final class Chat21Api {
    private final Chat21Rest rest;
    private final Chat21Mqtt mqtt;

    /** @param jwtSecret the resolved HS256 key; {@code options} give the webhooks */
    public Chat21Api(Chorus core, Broker broker, ObjectMapper mapper, String jwtSecret, Chat21Options options) {
        Chat21Json json = new Chat21Json(mapper, core.directory());
        Chat21Tokens tokens = new Chat21Tokens(jwtSecret);
        Chat21Service chat = new Chat21Service(core, json);
        String hookKey = options.webhookSecret() != null ? options.webhookSecret() : "chat21-webhooks:" + jwtSecret;
        Chat21Webhooks webhooks = new Chat21Webhooks(options.webhookEndpoints(), options.webhookEvents(), hookKey, json,
                core.blocking());
        if (webhooks.enabled()) {
            // Off the store's writer thread: rendering and posting are not its business.
            core.messaging().onCommitted(e -> core.blocking().execute(() -> core.directory().channel(e.message().channelId())
                    .filter(c -> !c.isOpen()).ifPresent(c -> webhooks.committed(e, c))));
        }
        this.rest = new Chat21Rest(tokens, new Chat21Routes(chat, json, webhooks), core.blocking());
        this.mqtt = new Chat21Mqtt(chat, tokens, json, webhooks, broker);
    }

    public void mount(Router router) { rest.mount(router); }

    /** What the MQTT server serves. */
    public MqttApplication mqtt() { return mqtt; }
}
