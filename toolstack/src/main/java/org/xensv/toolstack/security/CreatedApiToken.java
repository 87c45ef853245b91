package org.xensv.toolstack.security;

/** A new token and its secret: the only time the secret is shown. */
public record CreatedApiToken(ApiTokenView token, String secret) {
}
