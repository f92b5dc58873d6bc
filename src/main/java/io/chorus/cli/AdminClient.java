package io.chorus.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** The admin API over HTTP, for the CLI. Errors come back as {@link AdminError} with a one-line message. */
final class AdminClient {
    static final ObjectMapper JSON = new ObjectMapper();

    private final String url;
    private final String token;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    AdminClient(String url, String token) {
        this.url = url.endsWith("/") ? url.substring(0, url.length() - 1) : url;
        this.token = token;
    }

    /** An error for the user: {@code exitCode} 1 when the server refused, 2 when it could not be reached. */
    static final class AdminError extends Exception {
        final int exitCode;

        AdminError(int exitCode, String message) {
            super(message, null, false, false);
            this.exitCode = exitCode;
        }
    }

    JsonNode call(String method, String path, Object body) throws AdminError {
        try {
            HttpRequest.BodyPublisher publisher = body == null ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
            HttpRequest req = HttpRequest.newBuilder(URI.create(url + path)).timeout(Duration.ofSeconds(30))
                    .header("Authorization", "Bearer " + token).header("Content-Type", "application/json")
                    .method(method, publisher).build();
            HttpResponse<String> res = http.send(req, HttpResponse.BodyHandlers.ofString());
            JsonNode json = res.body().isEmpty() ? JSON.createObjectNode() : JSON.readTree(res.body());
            if (res.statusCode() >= 400) {
                throw new AdminError(1, "error: " + res.statusCode() + " " + json.path("error").asText("error") + ": "
                        + json.path("reason").asText(res.body()));
            }
            return json;
        } catch (ConnectException e) {
            throw new AdminError(2, "error: cannot reach " + url + ": connection refused");
        } catch (IOException e) {
            throw new AdminError(2, "error: cannot reach " + url + ": " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new AdminError(2, "error: interrupted");
        } catch (IllegalArgumentException e) {
            throw new AdminError(2, "error: bad --url " + url);
        }
    }
}
