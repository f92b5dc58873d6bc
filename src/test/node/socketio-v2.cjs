// Drives Chorus with socket.io-client 2.x (Engine.IO v3, Socket.IO protocol v4): node socketio-v2.cjs <base-url>
const io = require("socket.io-client-v2");
const assert = require("node:assert/strict");

const base = process.argv[2];
const wait = (socket, event, ms = 5000) => new Promise((resolve, reject) => {
  const t = setTimeout(() => reject(new Error(`no "${event}" within ${ms} ms`)), ms);
  socket.once(event, (...args) => { clearTimeout(t); resolve(args); });
});
const pass = (name) => console.log(`ok ${name}`);

async function echo(transports, name) {
  const socket = io(base, { transports, forceNew: true });
  assert.deepEqual((await wait(socket, "auth"))[0], {});
  socket.emit("message", 1, "2", { 3: [true] });
  assert.deepEqual(await wait(socket, "message-back"), [1, "2", { 3: [true] }]);
  const acked = await new Promise((r) => socket.emit("message-with-ack", "a", { b: 1 }, (...args) => r(args)));
  assert.deepEqual(acked, ["a", { b: 1 }]);
  socket.emit("message", Buffer.from([1, 2, 3]));
  const [bin] = await wait(socket, "message-back");
  assert.deepEqual([...bin], [1, 2, 3]);
  socket.close();
  pass(`v2 echo over ${name}`);
}

async function namespaces() {
  const custom = io(base + "/custom", { transports: ["websocket"], forceNew: true, query: { token: "abc" } });
  assert.deepEqual((await wait(custom, "auth"))[0], { token: "abc" });
  custom.close();
  const refused = io(base + "/private", { transports: ["websocket"], forceNew: true, query: { token: "wrong" } });
  assert.equal((await wait(refused, "error"))[0], "Not authorized");
  refused.close();
  const allowed = io(base + "/private", {
    transports: ["polling"], forceNew: true, query: { token: "secret" },
    transportOptions: { polling: { extraHeaders: { "x-client": "node-v2" } } },
  });
  assert.equal((await wait(allowed, "whoami"))[0].header, "node-v2");
  allowed.close();
  pass("v2 namespaces, query auth and middleware");
}

async function rooms() {
  const a = io(base + "/rooms", { transports: ["websocket"], forceNew: true });
  await wait(a, "connect");
  assert.equal(await new Promise((r) => a.emit("join", "v2room", r)), "joined");
  a.emit("say", "v2room", "hi");
  assert.equal((await wait(a, "said"))[0], "hi");
  a.close();
  pass("v2 rooms");
}

(async () => {
  try {
    await echo(["polling", "websocket"], "polling then WebSocket");
    await echo(["websocket"], "WebSocket");
    await echo(["polling"], "polling");
    await namespaces();
    await rooms();
    process.exit(0);
  } catch (e) {
    console.error("FAILED", e && e.stack ? e.stack : e);
    process.exit(1);
  }
})();
