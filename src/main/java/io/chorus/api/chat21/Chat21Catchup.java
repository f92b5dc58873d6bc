package io.chorus.api.chat21;

import io.chorus.core.MessageEvent;

import java.util.List;

/**
 * Messages of a group a user just joined: its recent history (up to the offset it was joined at, shown as history the
 * way the reference replays it to a joiner) and what was sent while the user's sessions started following it (see
 * {@link Chat21Session}).
 */
public record Chat21Catchup(String userId, String channelId, long joinedAt, List<MessageEvent> events) {}
