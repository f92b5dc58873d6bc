package io.chorus.transport;

import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;

/**
 * Tells a Vert.x TCP connection (MQTT over TCP) when its channel can take writes again. Vert.x calls its own drain
 * handlers only for writes that went through its write queue; Chorus writes packets straight to the Netty context
 * (no copy per recipient), so it watches the channel's writability itself. WebSockets need none of this: their
 * {@link WebSocketConnection} is the pipeline's handler and sees the event directly.
 */
public final class Writability {
    private Writability() {}

    /** Runs {@code onWritable} on the channel's loop each time it becomes writable again. */
    public static void watch(ChannelHandlerContext vertxHandler, Runnable onWritable) {
        vertxHandler.pipeline().addBefore(vertxHandler.name(), "chorus-writability", new ChannelInboundHandlerAdapter() {
            @Override
            public void channelWritabilityChanged(ChannelHandlerContext ctx) {
                if (ctx.channel().isWritable()) onWritable.run();
                ctx.fireChannelWritabilityChanged();
            }
        });
    }
}
