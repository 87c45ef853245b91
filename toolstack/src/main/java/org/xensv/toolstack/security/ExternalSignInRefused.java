package org.xensv.toolstack.security;

/**
 * A single sign-on user the console refuses although the provider vouched for them: the sentence says
 * why and what to do (shown on the login page, written in the audit log with the code).
 */
public class ExternalSignInRefused extends RuntimeException {

    private final String code;
    private final String username;

    public ExternalSignInRefused(String code, String username, String message) {
        super(message);
        this.code = code;
        this.username = username;
    }

    /** A stable code: {@code NO_ROLE}, {@code USER_DISABLED}, {@code LOCAL_USER_EXISTS}, {@code BAD_USERNAME}. */
    public String code() {
        return code;
    }

    /** The user name the provider gave (may be null when it gave none). */
    public String username() {
        return username;
    }
}
