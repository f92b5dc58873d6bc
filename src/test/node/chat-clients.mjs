// Drives the Socket.IO chat API of Chorus with the official clients, as the seed's web page uses them:
//   node chat-clients.mjs <base-url> <v4|v2> <polling|websocket>
// "polling" starts with long-polling and sends the chat headers on the polling requests only (what a browser can
// do), then upgrades; "websocket" connects straight over WebSocket (headers for v2, the auth payload for v4).
// Prints one line per passed check; any failure exits non-zero with the reason.
import { io as ioV4 } from "socket.io-client";
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const ioV2 = require("socket.io-client-v2");
const [base, version, mode] = process.argv.slice(2);
const pass = (name) => console.log(`ok ${version} ${mode} ${name}`);
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function rest(method, path, body, token) {
  const headers = { "content-type": "application/json" };
  if (token) headers.authorisation = token;
  const r = await fetch(base + path, { method, headers, body: body && JSON.stringify(body) });
  return { status: r.status, body: await r.json() };
}

async function account(name) {
  const r = await rest("POST", "/new", { username: name });
  assert.equal(r.status, 201);
  return r.body;
}

/** A chat socket recording every event it receives. */
async function connect(user, channels, extra = {}) {
  const values = { authorisation: user?.token ?? "", channels: channels.join(","), id: extra.id ?? user?.id ?? "" };
  let options = { forceNew: true, reconnection: extra.reconnect ?? false, reconnectionDelay: 50 };
  if (mode === "polling") {
    options = { ...options, transports: ["polling", "websocket"], transportOptions: { polling: { extraHeaders: values } } };
  } else if (version === "v2") {
    options = { ...options, transports: ["websocket"], extraHeaders: values };
  } else {
    options = { ...options, transports: ["websocket"], auth: { ...values, channels } };
  }
  const socket = (version === "v2" ? ioV2 : ioV4)(base, options);
  const events = [];
  for (const e of ["message", "messageDeleted", "channelCreate"]) socket.on(e, (data) => events.push([e, data]));
  await new Promise((resolve, reject) => {
    socket.once("connect", resolve);
    socket.once("connect_error", reject);
    setTimeout(() => reject(new Error("no connect within 5 s")), 5000);
  });
  if (mode === "polling") {
    for (let i = 0; i < 100 && socket.io.engine.transport.name !== "websocket"; i++) await sleep(20);
    assert.equal(socket.io.engine.transport.name, "websocket", "upgraded to WebSocket");
  }
  const next = async (name) => {
    for (let i = 0; i < 250; i++) {
      const at = events.findIndex(([e]) => e === name);
      if (at >= 0) return events.splice(at, 1)[0][1];
      await sleep(20);
    }
    throw new Error(`no "${name}" event within 5 s`);
  };
  const ask = (event, payload) => new Promise((resolve, reject) => {
    socket.emit(event, payload, resolve);
    setTimeout(() => reject(new Error(`no acknowledgement of ${event} within 5 s`)), 5000);
  });
  return { socket, events, next, ask };
}

const alice = await account("Alice " + version);
const bob = await account("Bob " + version);
const carol = await account("Carol " + version);

// channelCreate reaches the other user's room, which a socket joins from its token.
const bobIdle = await connect(bob, []);
const created = await rest("POST", "/create-channel", { to: bob.id, type: 1 }, alice.token);
assert.equal(created.status, 201);
const dm = created.body.channel_id;
assert.equal(typeof dm, "string");
assert.deepEqual(await bobIdle.next("channelCreate"), { channel_id: dm });
bobIdle.socket.close();
pass("channelCreate to the other user");

const a = await connect(alice, [dm]);
const b = await connect(bob, [dm]);
// Carol names the channel and claims Bob's id: she is in neither, so she must hear nothing.
const c = await connect(carol, [dm], { id: bob.id });

a.socket.emit("message", { content: "hi bob", channel: dm });
const got = await b.next("message");
assert.deepEqual(Object.keys(got).sort(), ["author", "channel_id", "content", "id"]);
assert.equal(got.content, "hi bob");
assert.equal(got.channel_id, dm);
assert.equal(typeof got.id, "string");
assert.deepEqual(got.author, { avatarURL: "/chat/avatar.svg", id: alice.id, username: "Alice " + version });
assert.deepEqual(await a.next("message"), got, "the sender gets its message too");
pass("message to the channel, sender included");

const history = await rest("GET", `/messages?channel_id=${dm}`, null, bob.token);
assert.deepEqual(history.body.messages.at(-1), got);
pass("message stored in history");

const denied = await b.ask("messageDeleted", { channel: dm, id: got.id });
assert.equal(denied.error, "forbidden");
const deleted = await a.ask("messageDeleted", { channel: dm, id: got.id });
assert.deepEqual(deleted, { channel: dm, id: got.id });
assert.deepEqual(await b.next("messageDeleted"), { channel: dm, id: got.id });
assert.deepEqual(await a.next("messageDeleted"), { channel: dm, id: got.id });
assert.equal((await rest("GET", `/messages?channel_id=${dm}`, null, bob.token)).body.messages.length, 0);
pass("only the author deletes, and the channel hears it");

const intruder = await c.ask("message", { content: "let me in", channel: dm });
assert.equal(intruder.error, "channel_not_found");
const help = await a.ask("message", { content: "/help", channel: dm });
assert.equal(help.author.id, "system");
assert.deepEqual(await a.next("message"), help, "the command reply reaches its sender");
const invalid = await a.ask("message", "not an object");
assert.equal(invalid.error, "invalid_message");
const anonymous = await connect(null, [dm]);
assert.equal((await anonymous.ask("message", { content: "hi", channel: dm })).error, "forbidden");
await sleep(300);
assert.deepEqual(c.events, [], "a non-member hears nothing");
assert.deepEqual(anonymous.events, [], "a socket without a token hears nothing");
assert.deepEqual(b.events, [], "a command reply is private");
pass("membership, commands and bad input");

if (version === "v4") {
  // Connection state recovery: the transport dies, a message is sent meanwhile, the client comes back with it.
  const r = await connect(bob, [dm], { reconnect: true });
  a.socket.emit("message", { content: "before the drop", channel: dm });
  assert.equal((await r.next("message")).content, "before the drop");
  const back = new Promise((resolve) => r.socket.io.once("reconnect", resolve));
  r.socket.io.engine.close();
  a.socket.emit("message", { content: "while away", channel: dm });
  await back;
  assert.equal((await r.next("message")).content, "while away");
  assert.equal(r.socket.recovered, true);
  r.socket.close();
  pass("connection state recovery");
}

for (const s of [a, b, c, anonymous]) s.socket.close();
