package dev.lagless.servlet;

import dev.lagless.bootstrap.ServletHooks;
import dev.lagless.config.LaglessConfig;
import dev.lagless.config.SessionKey;
import dev.lagless.consistency.CallerRequest;
import java.util.ArrayList;
import java.util.List;

/**
 * The agent's side of {@link ServletHooks}: for the outermost servlet or filter-chain call on a thread,
 * makes the request's {@link CallerRequest} current: the session key it names
 * ({@code LAGLESS_SESSION_KEY} as {@code header:NAME}, {@code cookie:NAME}, or a baggage entry of its
 * {@code baggage} header), the tokens it brings (the {@code LAGLESS_COOKIE} cookie and
 * {@code lagless.lsn} in its {@code baggage} header), and a reply that sets the cookie on the response
 * after a write, while the response is not committed (SPEC §3).
 *
 * <p>Requests served asynchronously ({@code startAsync}) are followed only on the thread that entered.
 */
public final class ServletRequests implements ServletHooks.Handler {

  private static final String BAGGAGE_HEADER = "baggage";
  private static final String BAGGAGE_TOKEN = "lagless.lsn";

  private final SessionKey sessionKey;
  private final String cookie;
  private final long maxAgeSeconds;

  public ServletRequests(LaglessConfig config) {
    this.sessionKey = config.sessionKey();
    this.cookie = config.cookie();
    this.maxAgeSeconds = Math.max(1, config.tokenTtl().getSeconds());
  }

  @Override
  public Object requestStarted(Object request, Object response) {
    if (CallerRequest.current() != null) {
      return null; // a filter or forward inside the request already followed
    }
    ServletApi api = ServletApi.of(request);
    if (api == null) {
      return null;
    }
    try {
      String baggage = api.header(request, BAGGAGE_HEADER);
      List<String> tokens = new ArrayList<>(2);
      if (cookie != null) {
        add(tokens, api.cookie(request, cookie));
      }
      add(tokens, W3cBaggageHeader.entry(baggage, BAGGAGE_TOKEN));
      String session;
      switch (sessionKey.source()) {
        case HEADER:
          session = api.header(request, sessionKey.name());
          break;
        case COOKIE:
          session = api.cookie(request, sessionKey.name());
          break;
        default:
          session = W3cBaggageHeader.entry(baggage, sessionKey.name());
          break;
      }
      CallerRequest.Reply reply = cookie == null || response == null ? null : new CookieReply(api, request, response);
      CallerRequest caller = new CallerRequest(session, tokens, reply);
      caller.enter();
      return caller;
    } catch (Throwable e) {
      return null; // the request is served as without the agent
    }
  }

  @Override
  public void requestEnded(Object scope) {
    CallerRequest.exit();
  }

  private static void add(List<String> tokens, String text) {
    if (text != null && !text.isEmpty()) {
      tokens.add(text);
    }
  }

  /** Sets {@code LAGLESS_COOKIE} on the response: HttpOnly, SameSite=Lax, Max-Age = the token TTL. */
  private final class CookieReply implements CallerRequest.Reply {
    private final ServletApi api;
    private final Object request;
    private final Object response;

    CookieReply(ServletApi api, Object request, Object response) {
      this.api = api;
      this.request = request;
      this.response = response;
    }

    @Override
    public boolean send(String tokenText) {
      try {
        if (api.committed(response)) {
          return false;
        }
        String value = cookie + "=" + tokenText + "; Max-Age=" + maxAgeSeconds + "; Path=/; HttpOnly; SameSite=Lax"
            + (api.secure(request) ? "; Secure" : "");
        api.addHeader(response, "Set-Cookie", value);
        return true;
      } catch (Throwable e) {
        return false;
      }
    }
  }
}
