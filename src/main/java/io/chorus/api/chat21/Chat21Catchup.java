package io.chorus.api.chat21;

import io.chorus.core.MessageEvent;

import java.util.List;

/** Messages of a group sent while a user's sessions were starting to follow it (see {@link Chat21Session}). */
public record Chat21Catchup(String userId, String channelId, List<MessageEvent> events) {}
