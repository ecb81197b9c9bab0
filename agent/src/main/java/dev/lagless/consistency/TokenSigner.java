package dev.lagless.consistency;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * {@code LAGLESS_TOKEN_SECRET} (SPEC §3): tokens handed out in baggage and cookies carry an HMAC
 * ({@code <token>:<mac>}, HMAC-SHA256 cut to 128 bits, base64url), and only signed tokens are honoured
 * from outside. Without a secret, tokens go out bare and bare tokens are honoured. Signing keeps a
 * client from forging a position that would send its reads to the primary or make them wait.
 */
public final class TokenSigner {

  private static final int MAC_BYTES = 16;
  private static final String ALGORITHM = "HmacSHA256";

  private final SecretKeySpec key;

  private TokenSigner(SecretKeySpec key) {
    this.key = key;
  }

  /** A signer for {@code secret}; with a null or empty secret, tokens are not signed. */
  public static TokenSigner of(String secret) {
    return new TokenSigner(secret == null || secret.isEmpty() ? null
        : new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), ALGORITHM));
  }

  public boolean signs() {
    return key != null;
  }

  /** The text to hand out for {@code token}. */
  public String sign(Token token) {
    String text = token.toString();
    return key == null ? text : text + ":" + mac(text);
  }

  /**
   * The token in a text from outside, or null when it is not one this JVM may honour: malformed,
   * too long, or (with a secret) unsigned or wrongly signed. Judging it against the cluster is the
   * caller's job.
   */
  public Token verify(String text) {
    if (text == null || text.isEmpty() || text.length() > Token.MAX_TEXT) {
      return null;
    }
    String body = text.trim();
    if (key != null) {
      int last = body.lastIndexOf(':');
      if (last <= 0) {
        return null;
      }
      String given = body.substring(last + 1);
      body = body.substring(0, last);
      if (!MessageDigest.isEqual(given.getBytes(StandardCharsets.US_ASCII), mac(body).getBytes(StandardCharsets.US_ASCII))) {
        return null;
      }
    }
    return Token.parse(body);
  }

  private String mac(String text) {
    try {
      Mac mac = Mac.getInstance(ALGORITHM);
      mac.init(key);
      byte[] full = mac.doFinal(text.getBytes(StandardCharsets.US_ASCII));
      return Base64.getUrlEncoder().withoutPadding().encodeToString(java.util.Arrays.copyOf(full, MAC_BYTES));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is part of every Java platform", e);
    }
  }
}
