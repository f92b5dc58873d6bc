// The Node.js Socket.IO peer for bench/compare.sh: the seed's chat broadcast without storage.
//   node server.mjs <port>
// A socket joins the channels named in its CONNECT auth payload ({authorisation, channels}) or in the `channels`
// header; a `message` event {content, channel} goes to everyone in that channel as {author, channel_id, content, id},
// the shape Chorus's chat API sends. Loopback only.
import { createServer } from "node:http";
import { Server } from "socket.io";

const port = Number(process.argv[2] ?? 18400);
const http = createServer();
const io = new Server(http, { serveClient: false, maxHttpBufferSize: 1e6, transports: ["websocket", "polling"] });
let next = 0;

io.on("connection", (socket) => {
  const auth = socket.handshake.auth ?? {};
  const channels = Array.isArray(auth.channels) ? auth.channels
    : String(socket.handshake.headers.channels ?? "").split(",").filter(Boolean);
  for (const c of channels) if (typeof c === "string") socket.join(c);
  const author = { avatarURL: "/chat/avatar.svg", id: socket.id, username: "bench" };
  socket.on("message", (m) => {
    if (!m || typeof m.content !== "string" || typeof m.channel !== "string" || m.content === "") return;
    const out = { author, channel_id: m.channel, content: m.content, id: String(++next) };
    io.to(m.channel).emit("message", out);
    if (!socket.rooms.has(m.channel)) socket.emit("message", out);
  });
});
http.listen(port, "127.0.0.1", () => console.log(`socket.io peer listening on 127.0.0.1:${port}`));
