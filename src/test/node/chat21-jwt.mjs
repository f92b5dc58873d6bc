// Chat21 tokens as Tiledesk mints them (HS256 with the shared secret; sub, app_id, tiledesk_api_roles).
import { createHmac, randomUUID } from "node:crypto";

const b64 = (s) => Buffer.from(s).toString("base64url");

export function chat21Token(secret, sub, role = "user", app = "tilechat") {
  const now = Math.floor(Date.now() / 1000);
  const claims = { jti: randomUUID(), sub, user_id: sub, app_id: app, iat: now, exp: now + 3600,
    aud: ["rabbitmq", sub], kid: "tiledesk-key", tiledesk_api_roles: role,
    scope: [`rabbitmq.read:*/*/apps.${app}.users.${sub}.*`, `rabbitmq.write:*/*/apps.${app}.users.${sub}.*`,
      `rabbitmq.write:*/*/apps.${app}.outgoing.users.${sub}.*`, "rabbitmq.configure:*/*/*"] };
  const input = b64(JSON.stringify({ alg: "HS256", typ: "JWT" })) + "." + b64(JSON.stringify(claims));
  return input + "." + createHmac("sha256", secret).update(input).digest("base64url");
}
