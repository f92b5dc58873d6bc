// Drives Chorus with the official socket.io-client 4.x: node socketio-v4.mjs <base-url>
// Prints one line per passed check; any failure exits non-zero with the reason.
import { io } from "socket.io-client";
import assert from "node:assert/strict";

const base = process.argv[2];
const wait = (socket, event, ms = 5000) => new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`no "${event}" within ${ms} ms`)), ms);
  socket.once(event, (...args) => { clearTimeout(t); resolve(args); });
});
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const pass = (name) => console.log(`ok ${name}`);

async function echo(transports, name) {
  const socket = io(base, { transports, auth: { token: "123" }, forceNew: true });
  const [auth] = await wait(socket, "auth");
  assert.deepEqual(auth, { token: "123" });
  socket.emit("message", 1, "2", { 3: [true] });
  assert.deepEqual(await wait(socket, "message-back"), [1, "2", { 3: [true] }]);
  const acked = await socket.timeout(5000).emitWithAck("message-with-ack", "a", { b: null });
  assert.equal(acked, "a");
  socket.emit("message", Buffer.from([1, 2, 3]), { nested: Buffer.from([4, 5]) });
  const [bin, obj] = await wait(socket, "message-back");
  assert.deepEqual([...bin], [1, 2, 3]);
  assert.deepEqual([...obj.nested], [4, 5]);
  if (transports.length > 1) {
    for (let i = 0; i < 50 && socket.io.engine.transport.name !== "websocket"; i++) await sleep(20);
    assert.equal(socket.io.engine.transport.name, "websocket", "upgraded to WebSocket");
    socket.emit("message", "after upgrade");
    assert.deepEqual(await wait(socket, "message-back"), ["after upgrade"]);
  }
  socket.disconnect();
  pass(`echo over ${name}`);
}

async function customNamespace() {
  const socket = io(base + "/custom", { transports: ["websocket"], auth: { token: "abc" }, forceNew: true });
  assert.deepEqual((await wait(socket, "auth"))[0], { token: "abc" });
  socket.disconnect();
  pass("custom namespace with auth");
}

async function refused() {
  const bad = io(base + "/private", { transports: ["websocket"], auth: { token: "wrong" }, forceNew: true });
  const [err] = await wait(bad, "connect_error");
  assert.equal(err.message, "Not authorized");
  assert.deepEqual(err.data, { reason: "bad token" });
  bad.close();
  const unknown = io(base + "/nowhere", { transports: ["websocket"], forceNew: true });
  assert.equal((await wait(unknown, "connect_error"))[0].message, "Invalid namespace");
  unknown.close();
  pass("middleware refusal and unknown namespace");
}

async function headersReachMiddleware() {
  // Browsers can only set headers on polling requests: the handshake's headers must reach the middleware.
  const socket = io(base + "/private", {
    transports: ["polling", "websocket"], auth: { token: "secret" }, forceNew: true,
    transportOptions: { polling: { extraHeaders: { "x-client": "node-v4" } } },
  });
  const [who] = await wait(socket, "whoami");
  assert.equal(who.header, "node-v4");
  assert.equal(who.token, "secret");
  // The namespace reads its auth payload only while connecting: afterwards the socket has let it go.
  socket.emit("whoami-later");
  const [later] = await wait(socket, "whoami");
  assert.equal(later.header, "node-v4");
  assert.equal(later.token, null);
  socket.disconnect();
  pass("handshake headers reach the middleware; the auth payload is let go after connecting");
}

async function serverAsks() {
  const socket = io(base + "/rooms", { transports: ["websocket"], forceNew: true });
  await wait(socket, "connect");
  socket.on("question", (q, reply) => reply(q * 2));
  socket.emit("ask", 21);
  assert.deepEqual(await wait(socket, "answer"), [null, 42]);
  socket.disconnect();
  pass("server acknowledgement round trip");
}

async function rooms() {
  const a = io(base + "/rooms", { transports: ["websocket"], forceNew: true });
  const b = io(base + "/rooms", { transports: ["polling"], forceNew: true });
  await Promise.all([wait(a, "connect"), wait(b, "connect")]);
  assert.equal(await a.timeout(5000).emitWithAck("join", "r1"), "joined");
  assert.equal(await b.timeout(5000).emitWithAck("join", "r1"), "joined");
  b.emit("say", "r1", "hello");
  const [[fromA], [fromB]] = await Promise.all([wait(a, "said"), wait(b, "said")]);
  assert.equal(fromA, "hello");
  assert.equal(fromB, "hello");
  a.disconnect();
  b.disconnect();
  pass("room broadcast over WebSocket and polling");
}

async function recovery() {
  const a = io(base + "/rooms", { transports: ["websocket"], forceNew: true, reconnectionDelay: 100 });
  const b = io(base + "/rooms", { transports: ["websocket"], forceNew: true });
  await Promise.all([wait(a, "connect"), wait(b, "connect")]);
  assert.equal(a.recovered, false);
  await a.timeout(5000).emitWithAck("join", "r2");
  const seen = [];
  a.on("said", (text) => seen.push(text));
  b.emit("say", "r2", "one");
  for (let i = 0; i < 100 && seen.length < 1; i++) await sleep(10);
  const id = a.id;
  const dropped = wait(a, "disconnect");
  a.io.engine.close(); // the transport dies; the client reconnects on its own
  await dropped;
  const back = wait(a, "connect");
  b.emit("say", "r2", "two");
  b.emit("say", "r2", "three");
  await back;
  for (let i = 0; i < 100 && seen.length < 3; i++) await sleep(10);
  assert.equal(a.recovered, true, "recovered");
  assert.equal(a.id, id, "same socket id");
  assert.deepEqual(seen, ["one", "two", "three"]);
  b.emit("say", "r2", "four");
  for (let i = 0; i < 100 && seen.length < 4; i++) await sleep(10);
  assert.deepEqual(seen, ["one", "two", "three", "four"], "still in the room");
  a.disconnect();
  b.disconnect();
  pass("connection state recovery");
}

try {
  await echo(["polling", "websocket"], "polling then WebSocket");
  await echo(["websocket"], "WebSocket");
  await echo(["polling"], "polling");
  await customNamespace();
  await refused();
  await headersReachMiddleware();
  await serverAsks();
  await rooms();
  await recovery();
  process.exit(0);
} catch (e) {
  console.error("FAILED", e?.stack ?? e);
  process.exit(1);
}
