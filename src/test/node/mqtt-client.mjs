// Drives Chorus's MQTT layer with mqtt.js 5.16: node mqtt-client.mjs <url> <protocolVersion 4|5> <scenario,...>
// The test application accepts good/secret and other/secret, refuses "banned" as not authorized, lets a user subscribe
// under users/<user>/ only, refuses publishing under forbidden/, and delivers users/<x>/... to user x.
// Prints one line per passed check; any failure exits non-zero with the reason.
import mqtt from "mqtt";
import assert from "node:assert/strict";

const [url, versionArg, scenarioList] = process.argv.slice(2);
let scenario = "";
const protocolVersion = Number(versionArg);
const v5 = protocolVersion === 5;
const pass = (name) => console.log(`ok ${name}`);
const unique = () => `${scenario}-${protocolVersion}-${Math.random().toString(16).slice(2, 10)}`;

function options(extra = {}) {
  return { protocolVersion, reconnectPeriod: 0, connectTimeout: 5000, username: "good", password: "secret", ...extra };
}

/** Connects, resolving with the client once CONNACK accepted it. */
async function connect(extra) {
  return mqtt.connectAsync(url, options(extra));
}

/** The CONNACK refusal as mqtt.js reports it. */
async function refusal(extra) {
  try {
    const c = await mqtt.connectAsync(url, options(extra));
    c.end(true);
  } catch (e) {
    return e.code;
  }
  throw new Error("connection was accepted");
}

/** Matches mqtt.js's SUBACK failure, which names the reason code in its message ("Subscribe error: Not authorized"). */
const suback = (code) => (e) => e.message === `Subscribe error: ${REASONS[code]}`;
const REASONS = { 0x80: "Unspecified error", 0x87: "Not authorized" };

/** The next message on a topic matching `predicate`, within 5 s. */
function nextMessage(client, predicate = () => true) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no message within 5 s")), 5000);
    const onMessage = (topic, payload, packet) => {
      if (!predicate(topic, payload, packet)) return;
      clearTimeout(timer);
      client.removeListener("message", onMessage);
      resolve({ topic, payload: payload.toString(), packet });
    };
    client.on("message", onMessage);
  });
}

/** Resolves when the client's connection closes (with the MQTT 5 DISCONNECT packet, if one came first). */
function closed(client) {
  return new Promise((resolve, reject) => {
    let disconnect = null;
    const timer = setTimeout(() => reject(new Error("connection still open after 10 s")), 10000);
    client.on("disconnect", (packet) => { disconnect = packet; });
    client.on("close", () => { clearTimeout(timer); resolve(disconnect); });
  });
}

async function auth() {
  assert.equal(await refusal({ password: "wrong" }), v5 ? 0x86 : 4);
  pass("bad password refused");
  assert.equal(await refusal({ username: "banned" }), v5 ? 0x87 : 5);
  pass("not authorized refused");
  const c = mqtt.connect(url, options({ clientId: "", clean: true }));
  const connack = await new Promise((resolve, reject) => {
    c.once("connect", resolve);
    c.once("error", reject);
  });
  assert.equal(connack.sessionPresent, false);
  if (v5) {
    assert.match(connack.properties.assignedClientIdentifier, /^chorus-/);
    assert.equal(connack.properties.maximumQoS, 1);
    assert.equal(connack.properties.sessionExpiryInterval, 0);
    pass("assigned client id");
  }
  await c.endAsync();
  pass("empty client id accepted");
}

async function roundTrip() {
  const c = await connect({ clientId: unique() });
  const granted = await c.subscribeAsync("users/good/#", { qos: 1 });
  assert.equal(granted[0].qos, 1);
  pass("subscribe granted QoS 1");
  await assert.rejects(c.subscribeAsync("users/other/#", { qos: 1 }), suback(v5 ? 0x87 : 0x80));
  pass("subscribe outside the user's topics refused");

  let got = nextMessage(c, (t) => t === "users/good/zero");
  await c.publishAsync("users/good/zero", "hello 0", { qos: 0 });
  let m = await got;
  assert.equal(m.payload, "hello 0");
  assert.equal(m.packet.qos, 1, "delivered at the subscription's QoS");
  assert.equal(m.packet.retain, false);
  pass("QoS 0 round trip");

  got = nextMessage(c, (t) => t === "users/good/one");
  await c.publishAsync("users/good/one", "hello 1", { qos: 1 });
  m = await got;
  assert.equal(m.payload, "hello 1");
  assert.equal(m.packet.qos, 1);
  assert.ok(m.packet.messageId > 0);
  pass("QoS 1 round trip");

  const burst = [];
  const received = [];
  const all = new Promise((resolve) => c.on("message", (t, p) => {
    if (t === "users/good/burst") received.push(p.toString());
    if (received.length === 600) resolve();
  }));
  for (let i = 0; i < 600; i++) burst.push(c.publishAsync("users/good/burst", String(i), { qos: 1 }));
  await Promise.all(burst);
  await all;
  assert.deepEqual(received, Array.from({ length: 600 }, (_, i) => String(i)));
  pass("600 QoS 1 messages in order through the in-flight window");

  if (v5) {
    await assert.rejects(c.publishAsync("forbidden/x", "no", { qos: 1 }), (e) => e.code === 0x87);
    pass("publish refused with PUBACK 0x87");
  } else {
    await c.publishAsync("forbidden/x", "no", { qos: 1 });
    pass("refused publish acknowledged and dropped");
  }

  const unsuback = await c.unsubscribeAsync(["users/good/#", "users/good/never"]);
  if (v5) assert.deepEqual(unsuback.granted, [0x00, 0x11]);
  await c.subscribeAsync("users/good/only", { qos: 0 });
  got = nextMessage(c);
  await c.publishAsync("users/good/other", "not for you", { qos: 1 });
  await c.publishAsync("users/good/only", "for you", { qos: 1 });
  m = await got;
  assert.equal(m.topic, "users/good/only");
  assert.equal(m.packet.qos, 0);
  pass("unsubscribe stops deliveries; exact filter at QoS 0");
  await c.endAsync();
}

async function retained() {
  const publisher = await connect({ clientId: unique() });
  await publisher.publishAsync("users/good/status", "online", { qos: 1, retain: true });
  await publisher.endAsync();
  const c = await connect({ clientId: unique() });
  const got = nextMessage(c, (t) => t === "users/good/status");
  await c.subscribeAsync("users/good/+", { qos: 1 });
  const m = await got;
  assert.equal(m.payload, "online");
  assert.equal(m.packet.retain, true);
  pass("retained message sent on subscribe with the retain flag");
  await c.endAsync();
}

async function will() {
  const watcher = await connect({ clientId: unique() });
  await watcher.subscribeAsync("users/good/presence", { qos: 1 });
  const dying = await connect({ clientId: unique(), will: { topic: "users/good/presence", payload: "gone", qos: 1, retain: false } });
  const got = nextMessage(watcher);
  dying.stream.destroy();
  const m = await got;
  assert.equal(m.payload, "gone");
  pass("will published when the socket dies");

  const polite = await connect({ clientId: unique(), will: { topic: "users/good/presence", payload: "polite", qos: 0, retain: false } });
  await polite.endAsync();
  const marker = nextMessage(watcher);
  await watcher.publishAsync("users/good/presence", "marker", { qos: 1 });
  assert.equal((await marker).payload, "marker");
  pass("no will after DISCONNECT");
  await watcher.endAsync();
}

async function takeover() {
  const clientId = unique();
  const first = await connect({ clientId });
  const firstClosed = closed(first);
  const second = await connect({ clientId });
  const disconnect = await firstClosed;
  if (v5) assert.equal(disconnect?.reasonCode, 0x8e);
  pass("same client id takes over the older connection");
  await second.subscribeAsync("users/good/t", { qos: 1 });
  const got = nextMessage(second);
  await second.publishAsync("users/good/t", "still here", { qos: 1 });
  assert.equal((await got).payload, "still here");
  pass("the new connection works");
  await second.endAsync();
}

async function oversize() {
  const c = await connect({ clientId: unique() });
  const end = closed(c);
  c.publish("users/good/big", Buffer.alloc(70 * 1024, 1), { qos: 0 });
  const disconnect = await end;
  if (v5) assert.equal(disconnect?.reasonCode, 0x95);
  pass("oversized packet closes the connection");
}

const scenarios = { auth, roundTrip, retained, will, takeover, oversize };
try {
  for (scenario of scenarioList.split(",")) {
    if (!scenarios[scenario]) throw new Error(`unknown scenario ${scenario}`);
    await scenarios[scenario]();
  }
  process.exit(0);
} catch (e) {
  console.error(e);
  process.exit(1);
}
