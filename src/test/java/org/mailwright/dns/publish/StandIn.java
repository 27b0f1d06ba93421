package org.mailwright.dns.publish;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.Headers;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A plain-HTTP stand-in for a provider's API on 127.0.0.1: every request goes to a {@link Handler} that checks its
 * shape against the provider's documentation and answers as the provider does. It logs each request so tests can count
 * writes.
 */
final class StandIn implements AutoCloseable {

    static final ObjectMapper JSON = new ObjectMapper();

    /** One request as the handler sees it. */
    record Request(String method, String path, Map<String, String> query, Headers headers, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new IllegalStateException("not JSON: " + body, e);
            }
        }

        String header(String name) {
            return headers.getFirst(name);
        }

        boolean writes() {
            return !method.equals("GET");
        }
    }

    /** One answer. */
    record Response(int status, String body, Map<String, String> headers) {
        static Response json(int status, Object body) {
            try {
                return new Response(status, JSON.writeValueAsString(body), Map.of());
            } catch (IOException e) {
                throw new IllegalStateException(e);
            }
        }

        Response with(String header, String value) {
            Map<String, String> h = new LinkedHashMap<>(headers);
            h.put(header, value);
            return new Response(status, body, h);
        }
    }

    interface Handler {
        Response handle(Request request) throws Exception;
    }

    private final HttpServer server;
    private final List<String> log = Collections.synchronizedList(new ArrayList<>());

    StandIn(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", exchange -> {
            try (exchange) {
                URI uri = exchange.getRequestURI();
                Map<String, String> query = new LinkedHashMap<>();
                if (uri.getRawQuery() != null) {
                    for (String pair : uri.getRawQuery().split("&")) {
                        int eq = pair.indexOf('=');
                        String k = eq < 0 ? pair : pair.substring(0, eq);
                        String v = eq < 0 ? "" : pair.substring(eq + 1);
                        query.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
                    }
                }
                String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
                Request request = new Request(exchange.getRequestMethod(), uri.getRawPath(), query, exchange.getRequestHeaders(), body);
                log.add(request.method() + " " + uri);
                Response response;
                try {
                    response = handler.handle(request);
                } catch (Exception | AssertionError e) {
                    response = Response.json(500, Map.of("stand-in", String.valueOf(e)));
                }
                byte[] out = response.body().getBytes(StandardCharsets.UTF_8);
                exchange.getResponseHeaders().set("Content-Type", "application/json");
                response.headers().forEach((k, v) -> exchange.getResponseHeaders().set(k, v));
                exchange.sendResponseHeaders(response.status(), response.status() == 204 ? -1 : out.length);
                if (response.status() != 204) {
                    exchange.getResponseBody().write(out);
                }
            }
        });
        server.start();
    }

    URI uri(String basePath) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + basePath);
    }

    /** Every request so far, as "METHOD /path?query". */
    List<String> log() {
        synchronized (log) {
            return List.copyOf(log);
        }
    }

    /** The requests that were not GETs. */
    List<String> writes() {
        return log().stream().filter(l -> !l.startsWith("GET ")).toList();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
