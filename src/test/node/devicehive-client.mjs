// Drives Chorus's DeviceHive API with the official npm client (devicehive 2.1) over WebSocket, as a device and as
// a client: node devicehive-client.mjs <ws-url> <login> <password>
// Prints one line per passed check; any failure exits non-zero with the reason.
import { createRequire } from "node:module";
import assert from "node:assert/strict";

const require = createRequire(import.meta.url);
const DeviceHive = require("devicehive");
const { Device, Command, Notification } = DeviceHive.models;
const { CommandPollQuery, NotificationPollQuery, CommandListQuery } = DeviceHive.models.query;

const [url, login, password] = process.argv.slice(2);
const pass = (name) => console.log(`ok ${name}`);

/** The first pushed item (the client hands over the command or notification with its subscriptionId) that matches. */
function nextMessage(hive, match) {
  return new Promise((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error("no matching message within 5 s")), 5000);
    const listener = (message) => {
      if (!match(message)) return;
      clearTimeout(timer);
      hive.removeListener(DeviceHive.MESSAGE_EVENT, listener);
      resolve(message);
    };
    hive.on(DeviceHive.MESSAGE_EVENT, listener);
  });
}

const client = await new DeviceHive({ login, password, mainServiceURL: url }).connect();
const device = await new DeviceHive({ login, password, mainServiceURL: url }).connect();
pass("connect and log in (with the token/create session update)");

const info = await client.info.getServerInfo();
assert.equal(info.apiVersion, "4.1.0");
const deviceId = "npm-device-" + Date.now();
await device.device.add(new Device({ id: deviceId, name: "npm lamp", networkId: 1, deviceTypeId: 1, data: { fw: "2.1" } }));
const saved = await client.device.get(deviceId);
assert.equal(saved.name, "npm lamp");
assert.deepEqual(saved.data, { fw: "2.1" });
pass("device saved and read back");

const { subscriptionId: notificationSub } = await client.notification.subscribe(new NotificationPollQuery({ deviceId }));
const gotNotification = nextMessage(client, (m) => m.subscriptionId === notificationSub && m.notification === "temperature");
await device.notification.insert(deviceId, new Notification({ notification: "temperature", parameters: { t: 22 } }));
const n = await gotNotification;
assert.equal(n.deviceId, deviceId);
assert.equal(n.notification, "temperature");
assert.deepEqual(n.parameters, { t: 22 });
pass("notification from the device reaches the client");

const { subscriptionId: commandSub } = await device.command.subscribe(new CommandPollQuery({ deviceId }));
const { subscriptionId: updatesSub } = await client.command.subscribe(new CommandPollQuery({ deviceId, returnUpdatedCommands: true }));
const gotCommand = nextMessage(device, (m) => m.subscriptionId === commandSub);
const inserted = await client.command.insert(deviceId, new Command({ command: "switch", parameters: { on: true }, lifetime: 30 }));
const received = await gotCommand;
assert.equal(received.id, inserted.id);
assert.deepEqual(received.parameters, { on: true });
pass("command from the client reaches the device");

const gotUpdate = nextMessage(client, (m) => m.subscriptionId === updatesSub);
await device.command.update(new Command({ id: received.id, deviceId, command: "switch", status: "done", result: { on: true } }));
const updated = await gotUpdate;
assert.equal(updated.id, received.id);
assert.equal(updated.status, "done");
assert.deepEqual(updated.result, { on: true });
pass("the device's update reaches the client");

const history = await client.command.list(new CommandListQuery({ deviceId }));
assert.equal(history.length, 1);
assert.equal(history[0].status, "done");
pass("command history");

client.disconnect();
device.disconnect();
process.exit(0);
