# A Diode remote-API subscriber written the way Diode's published Python example is (python3-websockets,
# authenticate with id 1, subscribe_channel with id 1, then print every frame), bounded so that it stops by itself.
# Configuration comes from the environment: DIODE_WS_URI, DIODE_TOKEN, DIODE_ZONE, DIODE_CHANNEL, DIODE_EXPECT.
import asyncio
import json
import os
import sys

import websockets


async def main():
    uri = os.environ["DIODE_WS_URI"]
    expect = int(os.environ.get("DIODE_EXPECT", "1"))
    async with websockets.connect(uri) as ws:
        await ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "authenticate",
                                  "params": [os.environ["DIODE_TOKEN"]]}))
        print("auth:", await ws.recv(), flush=True)
        await ws.send(json.dumps({"jsonrpc": "2.0", "id": 1, "method": "subscribe_channel",
                                  "params": [os.environ["DIODE_ZONE"], os.environ["DIODE_CHANNEL"]]}))
        print("subscribe:", await ws.recv(), flush=True)
        for _ in range(expect):
            message = await asyncio.wait_for(ws.recv(), timeout=15)
            print(f"Received message: {message}", flush=True)


try:
    asyncio.run(asyncio.wait_for(main(), timeout=30))
except Exception as e:
    print(f"error: {e!r}", flush=True)
    sys.exit(1)
