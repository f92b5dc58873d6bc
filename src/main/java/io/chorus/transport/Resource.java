package io.chorus.transport;

import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.ext.web.RoutingContext;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;

/** A small file from the jar, read once and served from memory (a page, a script). */
public final class Resource implements Handler<RoutingContext> {
    private final Buffer body;
    private final String contentType;
    private final String cacheControl;

    private Resource(Buffer body, String contentType, String cacheControl) {
        this.body = body;
        this.contentType = contentType;
        this.cacheControl = cacheControl;
    }

    /** @param cacheControl for example {@code no-cache} for pages, {@code max-age=86400} for versioned scripts */
    public static Resource of(String classpathName, String contentType, String cacheControl) {
        try (InputStream in = Resource.class.getClassLoader().getResourceAsStream(classpathName)) {
            if (in == null) throw new IllegalStateException("missing resource " + classpathName);
            return new Resource(Buffer.buffer(in.readAllBytes()), contentType, cacheControl);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + classpathName, e);
        }
    }

    @Override
    public void handle(RoutingContext rc) {
        rc.response().putHeader(HttpHeaders.CONTENT_TYPE, contentType).putHeader(HttpHeaders.CACHE_CONTROL, cacheControl)
                .putHeader("X-Content-Type-Options", "nosniff").end(body);
    }
}
