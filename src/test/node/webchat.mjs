// The web chat end to end in headless Chromium (Debian's, driven by playwright-core):
//   node webchat.mjs <base-url> <chromium-path> <diode-bot-id> <diode-bot-token> <screenshot-dir>
// Two people register in two browser contexts (a desktop window and a phone-sized one), start a direct chat,
// talk, delete, run a chat command, and one of them chats with a Diode bot speaking JSON-RPC over WebSocket.
// Prints one line per passed check; any failure exits non-zero with the reason.
import { chromium } from "playwright-core";
import WebSocket from "ws";
import assert from "node:assert/strict";

const [base, executablePath, botId, botToken, shots] = process.argv.slice(2);
const pass = (name) => console.log(`ok ${name}`);
const browser = await chromium.launch({ executablePath, headless: true, args: ["--no-sandbox"] });
const timeout = 10_000;

try {
  async function person(name, viewport) {
    const context = await browser.newContext({ viewport });
    const page = await context.newPage();
    page.setDefaultTimeout(timeout);
    page.on("pageerror", (e) => console.log(`page error (${name}): ${e.message}`));
    await page.goto(base + "/");
    await page.waitForURL(base + "/login");
    await page.fill("#username", name);
    await page.click("#go");
    await page.waitForURL(base + "/");
    await page.locator("#status.online").waitFor();
    const id = await page.evaluate(() => localStorage.getItem("chorus.id"));
    return { page, id, phone: viewport.width < 700 };
  }
  const showChannels = async (p) => { if (p.phone) await p.page.click("#menu"); };
  const messages = (p) => p.page.locator("#messages .message .content");

  const alice = await person("Alice", { width: 1200, height: 760 });
  await alice.page.locator("#channel-name", { hasText: "Dancing Lizard" }).waitFor();
  await messages(alice).filter({ hasText: "Hello! Welcome Alice!!!" }).waitFor();
  pass("register, welcome channel with its history");

  const bob = await person("Bob", { width: 390, height: 760 });
  await alice.page.click("#new-dm");
  await alice.page.fill("#dm-user", bob.id);
  await alice.page.click("#dm-start");
  await alice.page.locator("#channel-name", { hasText: "Bob" }).waitFor();
  // Bob hears channelCreate, his list gains the channel, and he opens it from the phone's menu.
  await showChannels(bob);
  await bob.page.locator("#dms .channel", { hasText: "Alice" }).click();
  await bob.page.locator("#channel-name", { hasText: "Alice" }).waitFor();
  await bob.page.locator("#status.online").waitFor();
  pass("start a direct chat by id; the other side sees it appear");

  await alice.page.fill("#text", "hello bob");
  await alice.page.press("#text", "Enter");
  await messages(bob).filter({ hasText: "hello bob" }).waitFor();
  await bob.page.fill("#text", "hi alice");
  await bob.page.click("#send");
  await messages(alice).filter({ hasText: "hi alice" }).waitFor();
  pass("messages both ways, live");

  const mine = alice.page.locator("#messages .message.mine", { hasText: "hello bob" });
  await mine.hover();
  await mine.locator(".delete").click();
  await messages(bob).filter({ hasText: "hello bob" }).waitFor({ state: "detached" });
  await mine.waitFor({ state: "detached" });
  assert.equal(await alice.page.locator("#messages .message:not(.mine) .delete").count(), 0, "only one's own messages can be deleted");
  pass("delete your own message, everywhere");

  await alice.page.fill("#text", "/help");
  await alice.page.press("#text", "Enter");
  await alice.page.locator("#messages .message.system").first().waitFor();
  await bob.page.waitForTimeout(300);
  assert.equal(await bob.page.locator("#messages .message.system").count(), 0, "the command reply is private");
  pass("chat command with a private reply");
  await bob.page.reload();
  await bob.page.locator("#status.online").waitFor();
  await messages(bob).filter({ hasText: "hi alice" }).waitFor();
  pass("history after a reload");
  await bob.page.screenshot({ path: `${shots}/webchat-phone.png` });

  // A Diode bot in a channel with Alice, over the Diode remote API's WebSocket.
  await alice.page.click("#new-dm");
  await alice.page.fill("#dm-user", botId);
  await alice.page.click("#dm-start");
  await alice.page.locator("#channel-name", { hasText: "diodebot" }).waitFor();
  const channel = await alice.page.evaluate(() => localStorage.getItem("chorus.current"));
  const bot = new WebSocket(base.replace("http", "ws") + "/api/json_rpc/ws");
  const frames = [];
  let waiting = null;
  bot.on("message", (d) => { frames.push(JSON.parse(d.toString())); if (waiting) waiting(); });
  await new Promise((r, j) => { bot.once("open", r); bot.once("error", j); });
  const next = async (match) => {
    const deadline = Date.now() + timeout;
    for (;;) {
      const at = frames.findIndex(match);
      if (at >= 0) return frames.splice(at, 1)[0];
      if (Date.now() > deadline) throw new Error("no matching Diode frame");
      await new Promise((r) => { waiting = r; setTimeout(r, 100); });
    }
  };
  const call = async (id, method, params) => {
    bot.send(JSON.stringify({ jsonrpc: "2.0", id, method, params }));
    const r = await next((f) => f.id === id);
    assert.equal(r.error, undefined, JSON.stringify(r.error));
    return r.result;
  };
  await call(1, "authenticate", [botToken]);
  await call(2, "subscribe_channel", ["default", channel]);
  await alice.page.fill("#text", "ping, bot");
  await alice.page.press("#text", "Enter");
  const push = await next((f) => f.result && f.result.messages);
  assert.equal(push.result.messages[0].message, "ping, bot");
  await call(3, "send_message", ["default", channel, "pong from diode"]);
  await messages(alice).filter({ hasText: "pong from diode" }).waitFor();
  await alice.page.screenshot({ path: `${shots}/webchat-desktop.png` });
  bot.close();
  pass("a Diode WebSocket bot in the same channel");
} finally {
  await browser.close();
}
