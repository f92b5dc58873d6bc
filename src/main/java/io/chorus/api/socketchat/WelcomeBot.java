package io.chorus.api.socketchat;

import io.chorus.broker.Broker;
import io.chorus.core.Channel;
import io.chorus.core.Chorus;
import io.chorus.core.Messaging;
import io.chorus.core.Role;
import io.chorus.core.User;
import io.chorus.core.Zone;

import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The reference server's welcome: a direct channel with the bot user "Dancing Lizard" (id "1") holding one notice
 * (id "0"), which a client asks for with {@code /messages?channel_id=null} (or {@code undefined}) while it has no
 * channel. Blocking: call off the event loop.
 */
final class WelcomeBot {
    static final String ID = "1";
    static final String NAME = "Dancing Lizard";
    static final String USERNAME = "dancing-lizard";
    static final String AVATAR = "/chat/lizard.svg";
    /** The message type of the notice (rendered with the id "0"). */
    static final String TYPE = "welcome";

    record Opened(Channel channel, boolean created) {}

    private final Chorus core;
    private final ReentrantLock lock = new ReentrantLock();

    WelcomeBot(Chorus core) { this.core = core; }

    /** The user's welcome channel, created with its notice on first call. */
    Opened open(User user) {
        lock.lock();
        try {
            User bot = bot();
            Optional<Channel> existing = core.directory().directChannel(Zone.DEFAULT_ID, bot.id(), user.id());
            if (existing.isPresent()) return new Opened(existing.get(), false);
            Channel channel = core.zones().directChannel(Zone.DEFAULT_ID, user.id(), bot.id());
            String text = "Hello! Welcome " + user.displayName() + "!!! It appears that you currently have no friends, "
                    + "though you can add some to hang out with by clicking that plus button at the top and entering their id!";
            core.messaging().submit(new Messaging.Send(bot, Zone.DEFAULT_ID, channel.id(), text, null, null, null, null), TYPE)
                    .join();
            return new Opened(channel, true);
        } finally {
            lock.unlock();
        }
    }

    private User bot() {
        User bot = core.directory().user(ID).orElse(null);
        if (bot == null) {
            try {
                bot = core.accounts().createUser(ID, USERNAME, NAME, null, AVATAR);
            } catch (RuntimeException e) {
                // Another node created it first (or the name is taken): take the stored one.
                core.store().findUser(ID).orElseThrow(() -> e);
                core.directorySync().accept(new Broker.Control.DirectoryChanged(Broker.Control.Entity.USER, ID, null));
                bot = core.directory().user(ID).orElseThrow(() -> e);
            }
        }
        if (core.directory().member(Zone.DEFAULT_ID, ID).isEmpty()) core.zones().setMember(Zone.DEFAULT_ID, ID, Role.BOT);
        return bot;
    }
}
