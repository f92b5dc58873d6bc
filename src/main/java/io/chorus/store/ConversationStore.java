package io.chorus.store;

import io.chorus.core.conversation.ConversationState;
import io.chorus.core.conversation.GroupProfile;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Per-user conversation state, group profiles, message receipts, MQTT retained messages and push instances, on
 * the same database as the history they describe. Calls block: run them off the event loops.
 */
public interface ConversationStore {

    Optional<GroupProfile> groupProfile(String channelId);

    void upsertGroupProfile(GroupProfile profile);

    /** The user's state for each of the channels that has one. */
    Map<String, ConversationState> states(String userId, Collection<String> channelIds);

    void upsertState(ConversationState state);

    /** Marks the conversation cleared for each of the users (the reference's "delete timelines"). */
    void clearFor(Collection<String> userIds, String channelId, long at);

    /** Records that a user received a message; false if they already had. */
    boolean addReceipt(String messageId, String userId, long at);

    /** For each message given, the users who received it (messages nobody received are absent). */
    Map<String, Set<String>> receipts(Collection<String> messageIds);

    /** Keeps a retained message (replacing the topic's previous one), dropping the owner's oldest beyond a bound. */
    void putRetained(String topic, String ownerId, byte[] payload, long at, int maxPerOwner);

    void deleteRetained(String topic);

    /** The retained messages in one user's subtree. */
    List<Retained> retained(String ownerId);

    void upsertInstance(PushInstance instance);

    // Moving a deployment: every row, to be written back as it was.

    List<GroupProfile> allGroupProfiles();

    List<ConversationState> allStates();

    List<Receipt> allReceipts();

    List<RetainedRow> allRetained();

    List<PushInstance> allInstances();

    record Receipt(String messageId, String userId, long at) {}

    record RetainedRow(String topic, String ownerId, byte[] payload, long at) {}

    record Retained(String topic, byte[] payload) {}

    /** A device a user receives push notifications on (the Chat21 API's "instances"). */
    record PushInstance(String zoneId, String userId, String instanceId, String deviceModel, String language,
                        String platform, String platformVersion, long updatedAt) {}
}
