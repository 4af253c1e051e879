package dev.isopool.e2e.apiserver;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal OpenAPI v2 document. kubectl downloads it (protobuf, gnostic's `openapi_v2.Document`) before it
 * validates or applies; a document without definitions makes kubectl skip client-side schema validation and
 * compute patches without a schema, which is what it does for custom resources anyway.
 */
final class OpenApiDocument {

    static final String PROTOBUF = "application/com.github.proto-openapi.spec.v2.v1.0+protobuf";
    private static final String TITLE = "Isopool local cluster";
    private static final String VERSION = "v1.30.0";

    private OpenApiDocument() {
    }

    static String json() {
        return "{\"swagger\":\"2.0\",\"info\":{\"title\":\"" + TITLE + "\",\"version\":\"" + VERSION
                + "\"},\"paths\":{},\"definitions\":{}}";
    }

    /** Document{swagger = 1: "2.0", info = 2: Info{title = 1, version = 2}}. */
    static byte[] protobuf() {
        ByteArrayOutputStream info = new ByteArrayOutputStream();
        field(info, 1, TITLE.getBytes(StandardCharsets.UTF_8));
        field(info, 2, VERSION.getBytes(StandardCharsets.UTF_8));
        ByteArrayOutputStream doc = new ByteArrayOutputStream();
        field(doc, 1, "2.0".getBytes(StandardCharsets.UTF_8));
        field(doc, 2, info.toByteArray());
        return doc.toByteArray();
    }

    private static void field(ByteArrayOutputStream out, int number, byte[] value) {
        varint(out, (number << 3) | 2);
        varint(out, value.length);
        out.writeBytes(value);
    }

    private static void varint(ByteArrayOutputStream out, int value) {
        int v = value;
        while ((v & ~0x7F) != 0) {
            out.write((v & 0x7F) | 0x80);
            v >>>= 7;
        }
        out.write(v);
    }
}
