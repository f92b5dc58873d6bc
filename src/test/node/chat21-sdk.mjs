// Drives Chorus's Chat21 REST API with the official node SDK (@chat21/chat21-node-sdk 1.1.11) holding an admin
// token, as Tiledesk does: node chat21-sdk.mjs <base-url> <jwt-secret>
// Prints one line per passed check; any failure exits non-zero with the reason.
import { createRequire } from "node:module";
import assert from "node:assert/strict";
import { chat21Token } from "./chat21-jwt.mjs";

const require = createRequire(import.meta.url);
const Chat21 = require("@chat21/chat21-node-sdk");

const [url, secret] = process.argv.slice(2);
const pass = (name) => console.log(`ok ${name}`);
const run = Date.now().toString(36);
const [agent, visitor, extra] = ["agent", "visitor", "extra"].map((n) => `${n}-${run}`);
const groupId = `group-sdk-${run}`;

const chat21 = new Chat21({ url, appid: "tilechat" });
chat21.auth.setAdminToken(chat21Token(secret, "100-APIADMIN", "admin"));

/** The SDK hands back a parsed body when it sent one, else the raw text (DELETE without a body): both must say success. */
function succeeded(reply) {
  const body = typeof reply === "string" ? JSON.parse(reply) : reply;
  assert.equal(body.success, true, JSON.stringify(reply));
  return body;
}

/** GET as a user, with the raw JWT in Authorization as Chat21 clients send it. */
async function asUser(user, path) {
  const r = await fetch(`${url}/api/tilechat${path}`, { headers: { Authorization: chat21Token(secret, user) } });
  assert.equal(r.status, 200, `${path}: ${r.status}`);
  const body = await r.json();
  assert.equal(body.success, true);
  return body.result;
}

const created = await chat21.groups.create("Support", [agent, visitor], { department: "sales" }, groupId);
assert.equal(created.success, true, JSON.stringify(created));
assert.equal(created.group.uid, groupId);
assert.deepEqual(Object.keys(created.group.members).sort(), ["100-APIADMIN", agent, visitor].sort());
pass("groups.create");

const sent = await chat21.messages.sendToGroup("Agent Smith", groupId, "Support", "how can I help?", agent);
assert.equal(sent.success, true, JSON.stringify(sent));
const direct = await chat21.messages.send("Agent Smith", visitor, "The Visitor", "a private word", agent,
  { custom: "value" });
assert.equal(direct.success, true, JSON.stringify(direct));
const visitorsGroup = await asUser(visitor, `/${visitor}/conversations/${groupId}`);
assert.equal(visitorsGroup[0].last_message_text, "how can I help?");
assert.equal(visitorsGroup[0].sender, agent);
assert.equal(visitorsGroup[0].sender_fullname, "Agent Smith");
const history = await asUser(visitor, `/${visitor}/conversations/${agent}/messages`);
assert.equal(history[0].text, "a private word");
assert.deepEqual(history[0].attributes, { custom: "value" });
pass("messages.sendToGroup and messages.send as an agent (sender_id)");

succeeded(await chat21.groups.join(extra, groupId));
let group = await asUser(agent, `/groups/${groupId}`);
assert.ok(group.members[extra]);
succeeded(await chat21.groups.leave(extra, groupId));
group = await asUser(agent, `/groups/${groupId}`);
assert.equal(group.members[extra], undefined);
succeeded(await chat21.groups.setMembers([agent, visitor, extra], groupId));
group = await asUser(extra, `/groups/${groupId}`);
assert.ok(group.members[extra]);
pass("groups.join, groups.leave, groups.setMembers");

succeeded(await chat21.groups.update("Support EU", agent, { region: "eu" }, groupId));
succeeded(await chat21.groups.updateAttributes({ tier: "gold" }, groupId));
group = await asUser(agent, `/groups/${groupId}`);
assert.equal(group.name, "Support EU");
assert.deepEqual(group.attributes, { tier: "gold" });
pass("groups.update and groups.updateAttributes");

const archived = await chat21.conversations.archive(groupId, visitor);
assert.equal(archived.success, true, JSON.stringify(archived));
const visitorsArchive = await asUser(visitor, `/${visitor}/conversations/archived`);
assert.deepEqual(visitorsArchive.map((c) => c.conversWith), [groupId]);
pass("conversations.archive for a user");

assert.equal((await asUser(agent, `/${agent}/conversations/${groupId}`)).length, 1);
succeeded(await chat21.conversations.delete(groupId));
assert.deepEqual(await asUser(agent, `/${agent}/conversations/${groupId}`), []);
assert.ok((await asUser(agent, `/${agent}/conversations/${groupId}/messages`)).length > 0);
succeeded(await chat21.messages.delete(groupId));
assert.deepEqual(await asUser(visitor, `/${visitor}/conversations/${groupId}/messages`), []);
pass("conversations.delete and messages.delete (timelines)");
