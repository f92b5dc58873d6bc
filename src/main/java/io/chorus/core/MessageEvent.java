package io.chorus.core;

/**
 * A message as published to subscribers: the message, its sender as they look now, and the message it replies
 * to (for facades that embed the parent). An ephemeral event (a chat command's reply) is never stored.
 */
public record MessageEvent(Message message, User sender, MessageEvent parent, boolean ephemeral) {}
