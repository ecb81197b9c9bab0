package dev.lagless.consistency;

import java.util.List;

/**
 * The incoming request this thread is serving (a servlet request), as read-your-own-writes sees it:
 * the session key it names ({@code LAGLESS_SESSION_KEY} from a header, a cookie or the request's
 * {@code baggage} header), the tokens it brings (the {@code LAGLESS_COOKIE} cookie, {@code lagless.lsn}
 * in its {@code baggage} header; untrusted until judged), and where a token goes back to the client
 * after a write. Set for the length of the outermost servlet call on the thread that runs it.
 */
public final class CallerRequest {

  private static final ThreadLocal<CallerRequest> CURRENT = new ThreadLocal<>();

  /** Sends a token back to the client; false once the response is committed and it cannot. */
  public interface Reply {
    boolean send(String tokenText);
  }

  final String sessionKey;
  final List<String> tokenTexts;
  final Reply reply;
  private String lastSent;
  /** The request's own writes: within it, the request (not the thread, which serves many users) is the scope. */
  PendingToken pendingWrite;
  Token ownToken;
  /** The context current when the request began, if a span was (a traced request): see {@link OutgoingBaggage}. */
  Object spanAtStart;
  /** The scope that made the request's newest token current as baggage, closed when it ends. */
  Object baggageScope;

  public CallerRequest(String sessionKey, List<String> tokenTexts, Reply reply) {
    this.sessionKey = sessionKey;
    this.tokenTexts = tokenTexts;
    this.reply = reply;
  }

  public static CallerRequest current() {
    return CURRENT.get();
  }

  /** Makes this the current request (only the outermost call of a thread enters one). */
  public void enter() {
    spanAtStart = OutgoingBaggage.currentSpan();
    CURRENT.set(this);
  }

  /** The request is over. */
  public static void exit() {
    CallerRequest request = CURRENT.get();
    if (request != null) {
      OutgoingBaggage.requestEnded(request);
    }
    CURRENT.remove();
  }

  /** Sends the token back once per new value (a request that writes twice sends the newer one too). */
  void replyWith(String tokenText) {
    if (reply == null || tokenText.equals(lastSent)) {
      return;
    }
    if (reply.send(tokenText)) {
      lastSent = tokenText;
    }
  }
}
