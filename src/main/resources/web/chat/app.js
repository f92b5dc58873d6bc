"use strict";
// The Chorus web chat: the Socket.IO chat API from a browser, as the seed's page used it (REST with the
// Authorisation header; a socket whose headers name the channels it listens to, sent on the polling requests).
const $ = (id) => document.getElementById(id);
const state = {
  token: localStorage.getItem("chorus.token"),
  me: localStorage.getItem("chorus.id"),
  channels: new Map(), // id -> {id, name, kind: "dm" | "zone", avatar, peer}
  current: null,
  unread: new Set(),
  socket: null,
};
if (!state.token || !state.me) location.replace("/login");

async function api(method, path, body) {
  const r = await fetch(path, {
    method,
    headers: { "Content-Type": "application/json", Authorisation: state.token },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (r.status === 401) {
    logout();
    throw new Error("session expired");
  }
  return { status: r.status, data: await r.json().catch(() => null) };
}

function logout() {
  localStorage.removeItem("chorus.token");
  if (state.socket) state.socket.disconnect();
  location.replace("/login");
}

function toast(text) {
  const t = $("toast");
  t.textContent = text;
  t.classList.add("shown");
  clearTimeout(toast.timer);
  toast.timer = setTimeout(() => t.classList.remove("shown"), 4000);
}

// ---- channels

async function loadChannels() {
  const { data } = await api("GET", "/channels");
  state.channels.clear();
  for (const d of data.dmchannels) {
    state.channels.set(d.channel_id, {
      id: d.channel_id, kind: "dm", name: d.user ? d.user.username : "?", avatar: d.user && d.user.avatarURL, peer: d.user && d.user.id,
    });
  }
  for (const z of data.zonechannels) state.channels.set(z.channel_id, { id: z.channel_id, kind: "zone", name: "#" + z.name });
  renderChannels();
}

function renderChannels() {
  for (const [list, kind] of [[$("dms"), "dm"], [$("zone"), "zone"]]) {
    list.replaceChildren();
    for (const c of state.channels.values()) {
      if (c.kind !== kind) continue;
      const li = document.createElement("li");
      const b = document.createElement("button");
      b.type = "button";
      b.dataset.channel = c.id;
      b.className = "channel" + (c.id === state.current ? " current" : "") + (state.unread.has(c.id) ? " unread" : "");
      if (c.avatar) {
        const img = document.createElement("img");
        img.className = "avatar small";
        img.src = c.avatar;
        img.alt = "";
        b.append(img);
      }
      const name = document.createElement("span");
      name.textContent = c.name;
      b.append(name);
      b.addEventListener("click", () => open(c.id));
      li.append(b);
      list.append(li);
    }
  }
}

async function open(id) {
  state.current = id;
  state.unread.delete(id);
  localStorage.setItem("chorus.current", id);
  const c = state.channels.get(id);
  $("channel-name").textContent = c ? c.name : "";
  document.body.classList.remove("menu-open");
  renderChannels();
  const { status, data } = await api("GET", "/messages?channel_id=" + encodeURIComponent(id));
  if (status !== 200 && status !== 201) {
    toast("This channel cannot be opened.");
    return;
  }
  if (state.current !== id) return;
  $("messages").replaceChildren(...data.messages.map(messageItem));
  scrollDown();
  $("text").disabled = $("send").disabled = false;
  $("text").focus();
}

// ---- messages

function messageItem(m) {
  const li = document.createElement("li");
  li.className = "message" + (m.author.id === state.me ? " mine" : "") + (m.author.id === "system" ? " system" : "");
  li.dataset.id = m.id;
  const img = document.createElement("img");
  img.className = "avatar";
  img.src = m.author.avatarURL || "/chat/avatar.svg";
  img.alt = "";
  const body = document.createElement("div");
  body.className = "body";
  const who = document.createElement("div");
  who.className = "author";
  who.textContent = m.author.username;
  const text = document.createElement("div");
  text.className = "content";
  text.textContent = m.content;
  body.append(who, text);
  li.append(img, body);
  if (m.author.id === state.me && m.id !== "0") {
    const del = document.createElement("button");
    del.type = "button";
    del.className = "delete icon";
    del.title = "Delete";
    del.setAttribute("aria-label", "Delete message");
    del.textContent = "\u00d7";
    del.addEventListener("click", () => {
      state.socket.emit("messageDeleted", { channel: m.channel_id, id: m.id }, (r) => {
        if (r && r.error) toast(r.message);
      });
    });
    li.append(del);
  }
  return li;
}

function scrollDown() {
  const list = $("messages");
  list.scrollTop = list.scrollHeight;
}

function received(m) {
  if (m.channel_id !== state.current) {
    if (state.channels.has(m.channel_id)) {
      state.unread.add(m.channel_id);
      renderChannels();
    }
    return;
  }
  if (document.querySelector(`#messages [data-id="${CSS.escape(m.id)}"]`)) return;
  const list = $("messages");
  const atBottom = list.scrollHeight - list.scrollTop - list.clientHeight < 80;
  list.append(messageItem(m));
  if (atBottom || m.author.id === state.me || m.author.id === "system") scrollDown();
}

// ---- the socket

function connect() {
  if (state.socket) state.socket.disconnect();
  const channels = [...state.channels.keys()];
  const socket = io({
    transports: ["polling", "websocket"],
    transportOptions: { polling: { extraHeaders: { authorisation: state.token, channels: channels.join(","), id: state.me } } },
    auth: { authorisation: state.token, channels, id: state.me },
  });
  socket.on("connect", () => status("online", true));
  socket.on("disconnect", () => status("reconnecting…", false));
  socket.on("message", received);
  socket.on("messageDeleted", (d) => {
    const el = document.querySelector(`#messages [data-id="${CSS.escape(d.id)}"]`);
    if (el && d.channel === state.current) el.remove();
  });
  socket.on("channelCreate", async () => {
    await loadChannels();
    connect();
  });
  state.socket = socket;
}

function status(text, online) {
  const s = $("status");
  s.textContent = text;
  s.classList.toggle("online", online);
}

$("composer").addEventListener("submit", (e) => {
  e.preventDefault();
  const input = $("text");
  const content = input.value.trim();
  if (!content || !state.current) return;
  input.value = "";
  state.socket.emit("message", { content, channel: state.current }, (r) => {
    if (r && r.error) {
      toast(r.message);
      input.value = content;
    }
  });
});

// ---- direct chats

$("new-dm").addEventListener("click", () => {
  $("dm-error").textContent = "";
  $("dm-user").value = "";
  $("dm-dialog").showModal();
});
$("dm-cancel").addEventListener("click", () => $("dm-dialog").close());
$("dm-form").addEventListener("submit", async (e) => {
  e.preventDefault();
  const to = $("dm-user").value.trim();
  const { status: code, data } = await api("POST", "/create-channel", { to, type: 1 });
  if (code === 201) {
    $("dm-dialog").close();
    await loadChannels();
    connect();
    open(data.channel_id);
  } else if (code === 409) {
    $("dm-dialog").close();
    await loadChannels();
    const existing = [...state.channels.values()].find((c) => c.kind === "dm" && c.peer === to);
    toast("You already have a chat with this user.");
    if (existing) open(existing.id);
  } else {
    $("dm-error").textContent = code === 404 ? "No user has that id." : code === 400 ? "Enter someone else's id." : "That did not work (" + code + ").";
  }
});

// ---- start

$("menu").addEventListener("click", () => document.body.classList.toggle("menu-open"));
$("logout").addEventListener("click", logout);
$("me-id").addEventListener("click", async () => {
  try {
    await navigator.clipboard.writeText(state.me);
    toast("Your id is copied.");
  } catch {
    toast("Your id: " + state.me);
  }
});

async function start() {
  const { data } = await api("GET", "/users?users=" + encodeURIComponent(state.me));
  const me = data.users[0];
  $("me-name").textContent = me.username;
  $("me-avatar").src = me.avatarURL;
  $("me-id").textContent = "id " + state.me;
  await loadChannels();
  if (![...state.channels.values()].some((c) => c.kind === "dm")) {
    await api("GET", "/messages?channel_id=undefined"); // the welcome channel
    await loadChannels();
  }
  connect();
  const last = localStorage.getItem("chorus.current");
  const first = state.channels.has(last) ? last : state.channels.keys().next().value;
  if (first) open(first);
}
if (state.token) start().catch((e) => toast(e.message));
