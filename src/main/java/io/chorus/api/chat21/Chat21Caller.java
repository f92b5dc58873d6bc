package io.chorus.api.chat21;

import io.chorus.api.mqtt.MqttApplication;

/**
 * Who a Chat21 token speaks for: the user ({@code sub}), the app ({@code app_id}, a Chorus zone) and whether it
 * carries the admin role ({@code tiledesk_api_roles: "admin"}).
 */
record Chat21Caller(String userId, String appId, boolean admin) implements MqttApplication.Principal {}
