package org.xensv.toolstack.config;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import org.xensv.toolstack.config.XlValue.Items;
import org.xensv.toolstack.config.XlValue.Num;
import org.xensv.toolstack.config.XlValue.Setting;
import org.xensv.toolstack.config.XlValue.Str;

/**
 * The grammar of an xl.cfg file as xl(1) reads it: {@code key = value} settings ended by a newline
 * or {@code ;}, {@code #} comments, strings in single or double quotes (with backslash escapes),
 * numbers in decimal or {@code 0x} hex, lists in brackets over any number of lines with an optional
 * trailing comma, and {@code key += value} appending to an earlier list or string. Every syntax error
 * is collected with its line, and reading resumes at the next setting.
 */
final class XlCfgSyntax {

    private enum Kind { IDENT, STRING, NUMBER, EQUALS, PLUS_EQUALS, SEMI, COMMA, OPEN, CLOSE, NEWLINE, ERROR, EOF }

    private record Token(Kind kind, String text, int line) {
    }

    private static final class SyntaxError extends RuntimeException {
        final int line;

        SyntaxError(int line, String message) {
            super(message, null, false, false);
            this.line = line;
        }
    }

    private final List<Token> tokens;
    private final List<ConfigProblem> problems = new ArrayList<>();
    private int pos;

    private XlCfgSyntax(String text) {
        this.tokens = lex(text);
    }

    /** The settings in file order (a key given twice keeps the last, as xl does); syntax errors collected into {@code problems}. */
    static List<Setting> parse(String text, List<ConfigProblem> problems) {
        XlCfgSyntax syntax = new XlCfgSyntax(text);
        List<Setting> settings = syntax.settings();
        problems.addAll(syntax.problems);
        return settings;
    }

    private List<Setting> settings() {
        Map<String, Setting> byKey = new LinkedHashMap<>();
        while (true) {
            while (peek().kind == Kind.NEWLINE || peek().kind == Kind.SEMI) {
                pos++;
            }
            if (peek().kind == Kind.EOF) {
                break;
            }
            try {
                Token key = next();
                if (key.kind != Kind.IDENT) {
                    throw error(key, "expected a setting name (letters, digits and '_'), found " + describe(key));
                }
                Token op = next();
                if (op.kind != Kind.EQUALS && op.kind != Kind.PLUS_EQUALS) {
                    throw error(op, "expected '=' after '" + key.text + "', found " + describe(op));
                }
                XlValue value = value();
                Token end = peek();
                if (end.kind != Kind.NEWLINE && end.kind != Kind.SEMI && end.kind != Kind.EOF) {
                    throw error(end, "expected the end of the line or ';' after the value of '" + key.text + "', found " + describe(end));
                }
                Setting earlier = byKey.remove(key.text);
                if (op.kind == Kind.PLUS_EQUALS && earlier != null) {
                    value = append(earlier.value(), value, op);
                }
                byKey.put(key.text, new Setting(key.text, value, earlier != null && op.kind == Kind.PLUS_EQUALS ? earlier.line() : key.line));
            } catch (SyntaxError e) {
                problems.add(new ConfigProblem(e.line, null, e.getMessage()));
                recover();
            }
        }
        return List.copyOf(byKey.values());
    }

    private XlValue append(XlValue earlier, XlValue more, Token at) {
        if (earlier instanceof Items a && more instanceof Items b) {
            List<XlValue> all = new ArrayList<>(a.items());
            all.addAll(b.items());
            return new Items(all);
        }
        if (earlier instanceof Str a && more instanceof Str b) {
            return new Str(a.text() + b.text());
        }
        throw error(at, "'+=' appends a list to a list or a string to a string");
    }

    private XlValue value() {
        Token t = next();
        return switch (t.kind) {
            case STRING -> new Str(t.text);
            case NUMBER -> new Num(t.text);
            case OPEN -> list();
            case IDENT -> throw error(t, "the value " + t.text + " must be quoted (\"" + t.text + "\") or be a number");
            default -> throw error(t, "expected a value (a quoted string, a number or a [list]), found " + describe(t));
        };
    }

    private Items list() {
        int opened = tokens.get(pos - 1).line;
        List<XlValue> items = new ArrayList<>();
        skipNewlines();
        while (peek().kind != Kind.CLOSE) {
            if (startsSetting(pos) || peek().kind == Kind.EOF) {
                throw new SyntaxError(opened, "the list opened on this line is not closed with ']'");
            }
            items.add(value());
            skipNewlines();
            Token t = peek();
            if (t.kind == Kind.COMMA) {
                pos++;
                skipNewlines();
            } else if (startsSetting(pos) || t.kind == Kind.EOF) {
                throw new SyntaxError(opened, "the list opened on this line is not closed with ']'");
            } else if (t.kind != Kind.CLOSE) {
                throw error(t, "expected ',' or ']' in the list, found " + describe(t));
            }
        }
        pos++;
        return new Items(items);
    }

    private void skipNewlines() {
        while (peek().kind == Kind.NEWLINE) {
            pos++;
        }
    }

    /** Skips to the start of the next line that begins a setting ({@code name =}), or the end. */
    private void recover() {
        if (startsSetting(pos)) {
            return;
        }
        while (peek().kind != Kind.EOF) {
            next();
            if (startsSetting(pos)) {
                return;
            }
        }
    }

    /** Whether a new line's {@code name =} begins at token {@code i}. */
    private boolean startsSetting(int i) {
        return i > 0 && tokens.get(i - 1).kind == Kind.NEWLINE && tokens.get(i).kind == Kind.IDENT
                && i + 1 < tokens.size()
                && (tokens.get(i + 1).kind == Kind.EQUALS || tokens.get(i + 1).kind == Kind.PLUS_EQUALS);
    }

    private Token peek() {
        return tokens.get(pos);
    }

    private Token next() {
        Token t = tokens.get(pos);
        if (t.kind != Kind.EOF) {
            pos++;
        }
        return t;
    }

    private static SyntaxError error(Token at, String message) {
        return new SyntaxError(at.line, at.kind == Kind.ERROR ? at.text : message);
    }

    private static String describe(Token t) {
        return switch (t.kind) {
            case NEWLINE -> "the end of the line";
            case EOF -> "the end of the file";
            case STRING -> "a string";
            case ERROR -> t.text;
            default -> "'" + t.text + "'";
        };
    }

    // ---- lexer ----

    private static List<Token> lex(String text) {
        List<Token> out = new ArrayList<>();
        int line = 1;
        int i = 0;
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == '\n') {
                out.add(new Token(Kind.NEWLINE, "\n", line++));
                i++;
            } else if (c == ' ' || c == '\t' || c == '\r') {
                i++;
            } else if (c == '#') {
                while (i < n && text.charAt(i) != '\n') {
                    i++;
                }
            } else if (c == '=') {
                out.add(new Token(Kind.EQUALS, "=", line));
                i++;
            } else if (c == '+' && i + 1 < n && text.charAt(i + 1) == '=') {
                out.add(new Token(Kind.PLUS_EQUALS, "+=", line));
                i += 2;
            } else if (c == ';' || c == ',' || c == '[' || c == ']') {
                out.add(new Token(c == ';' ? Kind.SEMI : c == ',' ? Kind.COMMA : c == '[' ? Kind.OPEN : Kind.CLOSE,
                        String.valueOf(c), line));
                i++;
            } else if (c == '"' || c == '\'') {
                i = string(text, i, line, out);
            } else if (Character.isDigit(c)) {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_' || text.charAt(i) == '.')) {
                    i++;
                }
                out.add(new Token(Kind.NUMBER, text.substring(start, i), line));
            } else if (Character.isLetter(c) || c == '_') {
                int start = i;
                while (i < n && (Character.isLetterOrDigit(text.charAt(i)) || text.charAt(i) == '_')) {
                    i++;
                }
                out.add(new Token(Kind.IDENT, text.substring(start, i), line));
            } else {
                out.add(new Token(Kind.ERROR, "unexpected character '" + c + "'", line));
                i++;
            }
        }
        out.add(new Token(Kind.EOF, "", line));
        return out;
    }

    /** Reads a quoted string from {@code text[i]}, adds its token, returns the index after it. */
    private static int string(String text, int i, int line, List<Token> out) {
        char quote = text.charAt(i++);
        StringBuilder value = new StringBuilder();
        int n = text.length();
        while (i < n) {
            char c = text.charAt(i);
            if (c == quote) {
                out.add(new Token(Kind.STRING, value.toString(), line));
                return i + 1;
            }
            if (c == '\n') {
                break;
            }
            if (c == '\\' && i + 1 < n) {
                char e = text.charAt(i + 1);
                i += 2;
                switch (e) {
                    case 'n' -> value.append('\n');
                    case 't' -> value.append('\t');
                    case 'r' -> value.append('\r');
                    case 'x' -> {
                        int end = i;
                        while (end < n && end < i + 2 && Character.digit(text.charAt(end), 16) >= 0) {
                            end++;
                        }
                        if (end == i) {
                            out.add(new Token(Kind.ERROR, "'\\x' must be followed by hex digits", line));
                            return skipLine(text, i);
                        }
                        value.append((char) Integer.parseInt(text.substring(i, end), 16));
                        i = end;
                    }
                    default -> value.append(e);
                }
                continue;
            }
            value.append(c);
            i++;
        }
        out.add(new Token(Kind.ERROR, "string opened with " + quote + " is not closed on this line", line));
        return skipLine(text, i);
    }

    private static int skipLine(String text, int i) {
        while (i < text.length() && text.charAt(i) != '\n') {
            i++;
        }
        return i;
    }

    // ---- writing ----

    /** A string in double quotes, escaped so that {@link #parse} reads it back unchanged. */
    static String quote(String s) {
        StringBuilder out = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\t' -> out.append("\\t");
                case '\r' -> out.append("\\r");
                default -> {
                    if (c < 0x20) {
                        out.append(String.format("\\x%02x", (int) c));
                    } else {
                        out.append(c);
                    }
                }
            }
        }
        return out.append('"').toString();
    }

    /** A value as xl.cfg text: lists one item a line with a trailing comma. */
    static String format(XlValue value) {
        return switch (value) {
            case Str s -> quote(s.text());
            case Num num -> num.text();
            case Items list -> list.items().isEmpty() ? "[]" : "[\n"
                    + String.join("", list.items().stream().map(v -> "    " + format(v) + ",\n").toList()) + "]";
        };
    }
}
