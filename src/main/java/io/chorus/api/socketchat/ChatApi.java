package io.chorus.api.socketchat;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.chorus.api.socketio.SocketIoServer;
import io.chorus.core.Chorus;
import io.chorus.transport.Resource;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.StaticHandler;

/**
 * The Socket.IO chat API of the seed ({@code ../shared/seeds/socketio-chat-api.md}): REST endpoints at the root,
 * the chat namespace "/" on Chorus's Socket.IO endpoint, and the static files the chat shows (avatars). Its users,
 * channels and messages are core objects of the default zone, so every other API sees them. It also serves the web
 * chat that uses this API from a browser.
 */
public final class ChatApi {
    private final ChatRest rest;
    private final Resource index = Resource.of("web/index.html", "text/html; charset=utf-8", "no-cache");
    private final Resource login = Resource.of("web/login.html", "text/html; charset=utf-8", "no-cache");

    public ChatApi(Chorus core, ObjectMapper mapper, SocketIoServer socketIo, String adminToken) {
        ChatJson json = new ChatJson(mapper);
        ChatService chat = new ChatService(core, new ChatTokens(adminToken));
        this.rest = new ChatRest(chat, json, core.blocking());
        new ChatSockets(chat, json).register(socketIo.of("/"));
        socketIo.keepHandshakeFields(ChatSockets.HANDSHAKE_FIELDS);
    }

    /** The REST endpoints, and the web chat: {@code /} and {@code /login}, with its files under {@code /chat/}. */
    public void mount(Router router) {
        rest.mount(router);
        router.get("/").handler(index);
        router.get("/login").handler(login);
        router.route("/chat/*").handler(StaticHandler.create("web/chat").setCachingEnabled(false));
    }
}
