// Drives Chorus's Chat21 realtime API with mqtt.js 5.16 the way the reference Chat21 client (chat21client.js) does:
// username "JWT" and the token as password, keepalive 10, a retained presence will, {"connected":true} on connect,
// a subscription to apps/tilechat/users/<me>/#, messages published to .../outgoing.
//   node chat21-mqtt.mjs <mqtt-url> <http-base-url> <jwt-secret>
// Prints one line per passed check; any failure exits non-zero with the reason.
import mqtt from "mqtt";
import assert from "node:assert/strict";
import { randomUUID } from "node:crypto";
import { chat21Token } from "./chat21-jwt.mjs";

const [mqttUrl, httpUrl, secret] = process.argv.slice(2);
const pass = (name) => console.log(`ok ${name}`);
const run = Math.random().toString(36).slice(2, 8);
const [alice, bob] = [`alice-${run}`, `bob-${run}`];
const root = (user) => `apps/tilechat/users/${user}`;

/** Connects as the reference client does and subscribes to the user's subtree. */
async function chatClient(user, extra = {}) {
  const clientId = randomUUID();
  const client = await mqtt.connectAsync(mqttUrl, {
    clientId, username: "JWT", password: chat21Token(secret, user), keepalive: 10, reconnectPeriod: 0,
    connectTimeout: 5000,
    will: { topic: `${root(user)}/presence/${clientId}`, payload: '{"disconnected":true}', qos: 1, retain: true },
    ...extra,
  });
  client.messages = [];
  client.on("message", (topic, payload) => client.messages.push({ topic, payload: payload.toString() }));
  await client.publishAsync(`${root(user)}/presence/${clientId}`, '{"connected":true}', { qos: 1, retain: true });
  await client.subscribeAsync(`${root(user)}/#`, { qos: 1 });
  client.clientId = clientId;
  return client;
}

/** The first message (already received or coming within 5 s) whose topic matches. */
async function next(client, topicPattern) {
  const deadline = Date.now() + 5000;
  while (Date.now() < deadline) {
    const i = client.messages.findIndex((m) => topicPattern.test(m.topic));
    if (i >= 0) {
      const [m] = client.messages.splice(i, 1);
      return { topic: m.topic, body: JSON.parse(m.payload) };
    }
    await new Promise((r) => setTimeout(r, 20));
  }
  throw new Error(`no message on ${topicPattern} within 5 s; got ${client.messages.map((m) => m.topic).join(", ")}`);
}

const send = (client, from, to, text, extra = {}) => client.publishAsync(
  `apps/tilechat/outgoing/users/${from}/messages/${to}/outgoing`,
  JSON.stringify({ text, type: "text", sender_fullname: `${from} Full`, recipient_fullname: `${to} Full`, channel_type: "direct", ...extra }),
  { qos: 1 });

// A bad token is refused at CONNECT.
await assert.rejects(mqtt.connectAsync(mqttUrl, { username: "JWT", password: "not-a-jwt", reconnectPeriod: 0, connectTimeout: 5000 }),
  (e) => e.code === 4 || e.code === 134 || /Bad username or password/i.test(e.message));
await assert.rejects(mqtt.connectAsync(mqttUrl, { username: "JWT", password: chat21Token(secret, "x", "user", "not an app id!"),
  reconnectPeriod: 0, connectTimeout: 5000 }), (e) => e.code === 5 || /Not authorized/i.test(e.message));
pass("a bad token is refused, a token for an impossible app is not authorized");

const a = await chatClient(alice);
const b = await chatClient(bob);
await assert.rejects(a.subscribeAsync(`${root(bob)}/#`), /Subscribe error|128/);
pass("connect with a JWT, presence, subscribe to the own subtree only");

await send(a, alice, bob, "hello over mqtt");
const received = await next(b, new RegExp(`^${root(bob)}/messages/${alice}/clientadded$`));
assert.equal(received.body.text, "hello over mqtt");
assert.equal(received.body.sender, alice);
assert.equal(received.body.recipient, bob);
assert.equal(received.body.status, 150);
assert.equal(received.body.timelineOf, bob);
assert.equal(received.body.conversWith, alice);
assert.equal(received.body.sender_fullname, `${alice} Full`);
const echoed = await next(a, new RegExp(`^${root(alice)}/messages/${bob}/clientadded$`));
assert.equal(echoed.body.status, 100);
assert.equal(echoed.body.message_id, received.body.message_id);
pass("outgoing → clientadded in both timelines (150 and 100)");

await b.publishAsync(`${root(bob)}/messages/${alice}/${received.body.message_id}/update`, '{"status":200}', { qos: 1 });
const receipt = await next(a, new RegExp(`^${root(alice)}/messages/${bob}/${received.body.message_id}/clientupdated$`));
assert.equal(receipt.body.status, 250);
assert.equal(receipt.body.message_id, received.body.message_id);
pass("status 200 from the recipient → 250 receipt to the sender");

await b.publishAsync(`${root(bob)}/conversations/${alice}/update`, '{"is_new":false}', { qos: 1 });
const updated = await next(b, new RegExp(`^${root(bob)}/conversations/${alice}/clientupdated$`));
assert.equal(updated.body.is_new, false);
assert.equal(updated.body.conversWith, alice);
const conv = await (await fetch(`${httpUrl}/api/tilechat/${bob}/conversations/${alice}`,
  { headers: { Authorization: chat21Token(secret, bob) } })).json();
assert.equal(conv.result[0].is_new, false);
assert.equal(conv.result[0].status, 200);
pass("conversation update → clientupdated, kept (is_new false)");

await b.publishAsync(`${root(bob)}/conversations/${alice}/archive`, "{}", { qos: 1 });
const deleted = await next(b, new RegExp(`^${root(bob)}/conversations/${alice}/clientdeleted$`));
assert.equal(deleted.body.conversWith, alice);
const archived = await next(b, new RegExp(`^${root(bob)}/archived_conversations/${alice}/clientadded$`));
assert.equal(archived.body.archived, true);
pass("archive → clientdeleted and archived clientadded");

// A group made over REST: its members' sessions follow it at once.
const created = await (await fetch(`${httpUrl}/api/tilechat/groups`, {
  method: "POST", headers: { Authorization: chat21Token(secret, alice), "Content-Type": "application/json" },
  body: JSON.stringify({ group_name: "MQTT group", group_members: { [bob]: 1 } }),
})).json();
const gid = created.group.uid;
assert.equal((await next(b, new RegExp(`^${root(bob)}/messages/${gid}/clientadded$`))).body.text, "Group created");
await send(a, alice, gid, "hello group", { channel_type: "group", recipient_fullname: "MQTT group" });
let groupMessage;
do groupMessage = await next(b, new RegExp(`^${root(bob)}/messages/${gid}/clientadded$`));
while (groupMessage.body.text !== "hello group");
assert.equal(groupMessage.body.channel_type, "group");
assert.equal(groupMessage.body.recipient, gid);
// Adding a member is announced as a group update naming the joiner.
const carol = `carol-${run}`;
await fetch(`${httpUrl}/api/tilechat/groups/${gid}/members`, {
  method: "POST", headers: { Authorization: chat21Token(secret, alice), "Content-Type": "application/json" },
  body: JSON.stringify({ member_id: carol }),
});
const groupUpdate = await next(b, new RegExp(`^${root(bob)}/groups/${gid}/clientupdated$`));
assert.equal(groupUpdate.body.name, "MQTT group");
assert.equal(groupUpdate.body.notification.messagelabel.key, "MEMBER_JOINED_GROUP");
assert.equal(groupUpdate.body.notification.messagelabel.parameters.member_id, carol);
pass("group created over REST → info messages; group message → clientadded; join → clientupdated");

// One member's messages in a group and in a direct conversation, interleaved, their own and others': each keeps its
// topic, status and peer (the server reuses a member's last topic and tail only where conversation and status match).
const groupFields = { channel_type: "group", recipient_fullname: "MQTT group" };
await send(b, bob, gid, "bob to group 1", groupFields);
await send(b, bob, alice, "bob to alice");
await send(b, bob, gid, "bob to group 2", groupFields);
await send(a, alice, bob, "alice to bob");
const expected = {
  "hello group": [gid, 100], "bob to group 1": [gid, 150], "bob to alice": [bob, 150],
  "bob to group 2": [gid, 150], "alice to bob": [bob, 100],
};
const seen = {};
while (Object.keys(seen).length < Object.keys(expected).length) {
  const m = await next(a, new RegExp(`^${root(alice)}/messages/[^/]+/clientadded$`));
  if (m.body.text in expected) seen[m.body.text] = [m.topic, m.body.status, m.body.timelineOf, m.body.conversWith];
}
for (const [text, [with_, status]] of Object.entries(expected)) {
  assert.deepEqual(seen[text], [`${root(alice)}/messages/${with_}/clientadded`, status, alice, with_], text);
}
pass("interleaved group and direct messages keep each member's topic, status and peer");

// A joiner's session is handed the group's recent history, marked as such, as the reference replays it.
const dave = `dave-${run}`;
const d = await chatClient(dave);
const history = await (await fetch(`${httpUrl}/api/tilechat/groups`, {
  method: "POST", headers: { Authorization: chat21Token(secret, alice), "Content-Type": "application/json" },
  body: JSON.stringify({ group_name: "History", group_members: { [bob]: 1 } }),
})).json();
const hid = history.group.uid;
await send(a, alice, hid, "before dave came", { channel_type: "group", recipient_fullname: "History" });
await next(b, new RegExp(`^${root(bob)}/messages/${hid}/clientadded$`)); // wait until it is stored
await fetch(`${httpUrl}/api/tilechat/groups/${hid}/members`, {
  method: "POST", headers: { Authorization: chat21Token(secret, alice), "Content-Type": "application/json" },
  body: JSON.stringify({ member_id: dave }),
});
let replayed;
do replayed = await next(d, new RegExp(`^${root(dave)}/messages/${hid}/clientadded$`));
while (replayed.body.text !== "before dave came");
assert.equal(replayed.body.__history, "true");
pass("a joiner receives the group's history");

// An inline ("volatile") group: a message naming its members reaches them.
const vid = `group-volatile-${run}`;
await send(a, alice, vid, "volatile hello", { channel_type: "group", recipient_fullname: "Volatile", group: { members: { [bob]: 1 } } });
let volatile;
do volatile = await next(b, new RegExp(`^${root(bob)}/messages/${vid}/clientadded$`));
while (volatile.body.text !== "volatile hello");
pass("a message to an inline group reaches its members");
await d.endAsync();

// A payload that is not a message: acknowledged under MQTT 3.1.1 (not resent forever), a reason code under MQTT 5.
const outgoing = (from, to) => `apps/tilechat/outgoing/users/${from}/messages/${to}/outgoing`;
await a.publishAsync(outgoing(alice, bob), "not json", { qos: 1 });
const a5 = await mqtt.connectAsync(mqttUrl, { protocolVersion: 5, username: "JWT", password: chat21Token(secret, alice),
  reconnectPeriod: 0, connectTimeout: 5000 });
await assert.rejects(a5.publishAsync(outgoing(alice, bob), "not json", { qos: 1 }), /Payload format invalid/);
await assert.rejects(a5.publishAsync(outgoing(alice, `group-missing-${run}`), '{"text":"x","channel_type":"group"}', { qos: 1 }),
  /Implementation specific error/);
await a5.endAsync();
pass("bad payloads: PUBACK under 3.1.1, reason codes under 5");

// A burst of QoS 1 sends, none awaited before the next: all acknowledged, all delivered once, in order.
const burst = Array.from({ length: 100 }, (_, i) => `burst ${i}`);
await Promise.all(burst.map((text) => send(a, alice, bob, text)));
const got = [];
while (got.length < burst.length) {
  const m = await next(b, new RegExp(`^${root(bob)}/messages/${alice}/clientadded$`));
  if (m.body.text.startsWith("burst ")) got.push(m.body.text);
}
assert.deepEqual(got, burst);
pass("100 pipelined QoS 1 sends are acknowledged and delivered in order");

// Retained presence: a second session of alice finds her first one's presence.
const a2 = await chatClient(alice);
const presence = await next(a2, new RegExp(`^${root(alice)}/presence/${a.clientId}$`));
assert.deepEqual(presence.body, { connected: true });
pass("retained presence reaches a new session");

// The will: a session that drops without DISCONNECT announces it to the user's other sessions.
a.stream.destroy();
const gone = await next(a2, new RegExp(`^${root(alice)}/presence/${a.clientId}$`));
assert.deepEqual(gone.body, { disconnected: true });
pass("last will on an abrupt close");

await a2.endAsync();
await b.endAsync();
