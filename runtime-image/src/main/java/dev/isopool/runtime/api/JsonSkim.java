package dev.isopool.runtime.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds where the members of a JSON object begin and end in its UTF-8 bytes, without reading
 * their values. The structure is checked (every string closed, every bracket matched by its own
 * kind, members and elements separated by commas, nothing after the object); what lies between
 * the brackets of a value, its numbers and literals, is left to whoever parses that value.
 *
 * <p>It is how a request's inputs, up to 10,000 argument arrays and megabytes of text, are parsed
 * once only, by the isolate that uses them: a tokenizer on the way in cost as much as that parse.
 * Every byte JSON gives a meaning to is ASCII, and no byte of a multi-byte UTF-8 character is, so
 * the bytes are read as they came.
 */
final class JsonSkim {
    /** As deep as a value may nest: Jackson's own default limit. */
    static final int MAX_DEPTH = 1000;
    private static final JsonFactory FACTORY = new JsonFactory();
    /** For each byte: 1 for the brackets and the quote, which {@link #nested} acts on; 0 for the rest. */
    private static final byte[] ACTS = new byte[256];

    static {
        for (char c : "[]{}\"".toCharArray()) {
            ACTS[c] = 1;
        }
    }

    /**
     * One member of the object: its name, its value as the bytes [from, to), and for the field
     * that must hold arrays of arguments, how many it holds (-1 for the other fields).
     */
    record Member(String name, int from, int to, int arrays) {
        String value(byte[] body) {
            return new String(body, from, to - from, StandardCharsets.UTF_8);
        }
    }

    private final byte[] body;
    private final int end;
    private final String arraysField;
    private final int maxArrays;
    private final byte[] closers = new byte[MAX_DEPTH];
    private int pos;

    private JsonSkim(byte[] body, String arraysField, int maxArrays) {
        this.body = body;
        this.end = body.length;
        this.arraysField = arraysField;
        this.maxArrays = maxArrays;
    }

    /**
     * The members of the JSON object that is the whole of {@code body}, in order. The value of
     * {@code arraysField}, when it is an array, must be an array of at most {@code maxArrays}
     * arrays; each of those is skimmed like any other value.
     *
     * @throws BadRequestException saying what is wrong and where
     */
    static List<Member> members(byte[] body, String arraysField, int maxArrays) {
        JsonSkim skim = new JsonSkim(body, arraysField, maxArrays);
        List<Member> members = skim.object();
        skim.whitespace();
        if (skim.pos < skim.end) {
            throw skim.malformed("trailing content after the object");
        }
        return members;
    }

    private List<Member> object() {
        whitespace();
        if (peek() != '{') {
            throw new BadRequestException("the body must be a JSON object with at least a 'code' field");
        }
        pos++;
        List<Member> members = new ArrayList<>();
        whitespace();
        if (peek() == '}') {
            pos++;
            return members;
        }
        while (true) {
            whitespace();
            if (peek() != '"') {
                throw malformed("expected a field name in double quotes");
            }
            String name = name();
            whitespace();
            if (next() != ':') {
                throw malformed("expected ':' after the field name '" + name + "'");
            }
            whitespace();
            int from = pos;
            int arrays = -1;
            if (name.equals(arraysField) && peek() == '[') {
                arrays = arrays(name);
            } else {
                value();
            }
            members.add(new Member(name, from, pos, arrays));
            whitespace();
            byte c = next();
            if (c == '}') {
                return members;
            }
            if (c != ',') {
                throw malformed("expected ',' or '}' after the field '" + name + "'");
            }
        }
    }

    /** A field name; one with escapes is decoded as JSON decodes it. */
    private String name() {
        int from = pos;
        string();
        String quoted = new String(body, from, pos - from, StandardCharsets.UTF_8);
        if (quoted.indexOf('\\') < 0) {
            return quoted.substring(1, quoted.length() - 1);
        }
        try (JsonParser parser = FACTORY.createParser(quoted)) {
            parser.nextToken();
            return parser.getText();
        } catch (IOException e) {
            throw malformed("the field name at byte " + from + " has a bad escape");
        }
    }

    /** An array whose elements are arrays; returns how many. */
    private int arrays(String field) {
        pos++; // the '['
        whitespace();
        if (peek() == ']') {
            pos++;
            return 0;
        }
        int count = 0;
        while (true) {
            whitespace();
            if (peek() != '[') {
                throw new BadRequestException("'" + field + "[" + count + "]' must be an array of arguments");
            }
            nested();
            if (++count > maxArrays) {
                throw new BadRequestException("'" + field + "' has more than " + maxArrays + " entries; at most "
                        + maxArrays + " are allowed per request");
            }
            whitespace();
            byte c = next();
            if (c == ']') {
                return count;
            }
            if (c != ',') {
                throw malformed("expected ',' or ']' after " + field + "[" + (count - 1) + "]");
            }
        }
    }

    private void value() {
        switch (peek()) {
            case '"' -> string();
            case '[', '{' -> nested();
            default -> scalar();
        }
    }

    /** A string from its opening quote to after its closing one. */
    private void string() {
        byte[] b = body;
        int p = pos + 1;
        while (p < end) {
            byte c = b[p];
            if (c == '"') {
                pos = p + 1;
                return;
            }
            p += c == '\\' ? 2 : 1;
        }
        pos = end;
        throw malformed("a string is not closed");
    }

    /** An array or object, from its opening bracket to after the one that closes it. */
    private void nested() {
        byte[] b = body;
        byte[] acts = ACTS;
        int p = pos;
        int depth = 0;
        while (p < end) {
            byte c = b[p];
            if (acts[c & 0xff] == 0) {
                p++;
                continue;
            }
            if (c == '"') {
                pos = p;
                string();
                p = pos;
                continue;
            }
            if (c == '[' || c == '{') {
                if (depth == MAX_DEPTH) {
                    pos = p;
                    throw malformed("values nest deeper than " + MAX_DEPTH + " levels");
                }
                closers[depth++] = c == '[' ? (byte) ']' : (byte) '}';
            } else {
                if (closers[--depth] != c) {
                    pos = p;
                    throw malformed("'" + (char) c + "' where '" + (char) closers[depth] + "' should close");
                }
                if (depth == 0) {
                    pos = p + 1;
                    return;
                }
            }
            p++;
        }
        pos = end;
        throw malformed("an array or object is not closed");
    }

    /** A number or literal: the bytes up to the next delimiter; checked by whoever parses it. */
    private void scalar() {
        int from = pos;
        while (pos < end) {
            byte c = body[pos];
            if (c == ',' || c == '}' || c == ']' || c == ' ' || c == '\n' || c == '\r' || c == '\t') {
                break;
            }
            pos++;
        }
        if (pos == from) {
            throw malformed(pos >= end ? "the body ends where a value should be" : "expected a value");
        }
    }

    private void whitespace() {
        while (pos < end) {
            byte c = body[pos];
            if (c != ' ' && c != '\n' && c != '\r' && c != '\t') {
                return;
            }
            pos++;
        }
    }

    private byte peek() {
        return pos < end ? body[pos] : 0;
    }

    private byte next() {
        return pos < end ? body[pos++] : 0;
    }

    private BadRequestException malformed(String why) {
        String where = pos >= end ? "at the end of the body" : "at byte " + pos;
        return new BadRequestException("the body is not valid JSON: " + why + " (" + where + ")");
    }
}
