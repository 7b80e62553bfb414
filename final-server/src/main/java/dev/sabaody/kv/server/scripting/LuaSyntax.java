package dev.sabaody.kv.server.scripting;

import org.luaj.vm2.LuaError;

/**
 * Compile errors in Lua 5.1's words. LuaJ's parser names the token it stumbled on by its internal
 * code ("unexpected symbol 286 (Ğ)"); Lua says "near '&lt;eof&gt;'". The codes are LuaJ's LexState
 * reserved tokens (FIRST_RESERVED = 257, in Lua 5.2's order).
 */
final class LuaSyntax {

    /** LexState.luaX_tokens after the 22 reserved words. */
    private static final String[] TOKENS = {
            "and", "break", "do", "else", "elseif", "end", "false", "for", "function", "goto", "if", "in",
            "local", "nil", "not", "or", "repeat", "return", "then", "true", "until", "while",
            "..", "...", "==", ">=", "<=", "~=", "::", "<eof>", "<number>", "<name>", "<string>"};
    private static final int FIRST_RESERVED = 257;

    private LuaSyntax() {
    }

    static String message(LuaError e) {
        String m = LuaEngine.cleanMessage(e.getMessage() == null ? "" : e.getMessage());
        java.util.regex.Matcher t = java.util.regex.Pattern.compile("(.*) (\\d+) \\((.)\\)$").matcher(m);
        if (t.matches()) {
            int code = Integer.parseInt(t.group(2));
            String token = code >= FIRST_RESERVED && code - FIRST_RESERVED < TOKENS.length
                    ? TOKENS[code - FIRST_RESERVED] : String.valueOf((char) code);
            return t.group(1) + " near '" + token + "'";
        }
        if (m.endsWith("unfinished long string") || m.endsWith("unfinished long comment")) {
            return m + " near '<eof>'"; // only the end of the script leaves one open
        }
        return m;
    }
}
