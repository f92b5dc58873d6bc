package io.chorus.api.diode.jsonrpc;

/** Thrown by handlers and parameter access to answer a call with an error. */
public final class JsonRpcException extends RuntimeException {
    private final JsonRpcError error;

    public JsonRpcException(JsonRpcError error) {
        super(error.details(), null, false, false);
        this.error = error;
    }

    public JsonRpcError error() { return error; }
}
