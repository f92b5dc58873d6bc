package io.chorus.api.socketchat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import io.chorus.api.socketio.EventFormat;
import io.chorus.api.socketio.Namespace;
import io.chorus.core.ChannelCreated;
import io.chorus.core.MessageDeleted;
import io.chorus.core.MessageEvent;

/**
 * How the chat namespace shows core events, whichever API caused them: a message ({@code message}), a deletion
 * ({@code messageDeleted}) and a new channel for the user ({@code channelCreate}). Rendered once per node.
 */
final class ChatEvents extends EventFormat {
    private final ChatJson json;

    ChatEvents(Namespace namespace, ChatJson json) {
        super(namespace);
        this.json = json;
    }

    @Override
    protected ArrayNode eventArray(Object event) {
        ArrayNode a = json.mapper().createArrayNode();
        switch (event) {
            case MessageEvent e when e.message().zoneId().equals(ChatService.ZONE) -> a.add("message").add(json.message(e));
            case MessageDeleted d when d.zoneId().equals(ChatService.ZONE) ->
                    a.add("messageDeleted").add(json.object().put("channel", d.channelId()).put("id", d.messageId()));
            case ChannelCreated c when c.zoneId().equals(ChatService.ZONE) ->
                    a.add("channelCreate").add(json.object().put("channel_id", c.channelId()));
            default -> { return null; }
        }
        return a;
    }
}
